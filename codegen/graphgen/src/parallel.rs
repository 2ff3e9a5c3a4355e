//! Work spread over threads: [`Threads::map`] runs a function over a slice on
//! scoped threads and returns the results in the slice's order, so the output
//! never depends on the thread count or the scheduling.

/// How many threads a run uses, and their stack size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threads {
    /// 1 = no threads.
    pub jobs: usize,
    /// Stack size of each worker thread, in bytes.
    pub stack_bytes: usize,
}

/// Worker threads get 64 MiB stacks (spawned threads get 2 MiB by default), as
/// defence in depth only: no stage recurses as deep as a page says (see
/// [`crate::limits`]). Tests that want any deep recursion to show set it lower.
pub const DEFAULT_STACK_BYTES: usize = 64 << 20;

/// The environment variable that sets the thread count.
pub const JOBS_ENV: &str = "GRAPHGEN_JOBS";

impl Default for Threads {
    /// `GRAPHGEN_JOBS` if set (1 = no threads), else the machine's parallelism.
    fn default() -> Self {
        let jobs = std::env::var(JOBS_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        Threads { jobs, stack_bytes: DEFAULT_STACK_BYTES }
    }
}

impl Threads {
    /// `jobs` threads with the default stack.
    pub fn with_jobs(jobs: usize) -> Self {
        Threads { jobs, stack_bytes: DEFAULT_STACK_BYTES }
    }

    /// `f` over `items` on up to `jobs` scoped threads (work-stealing by index);
    /// results in the order of `items`, whatever the scheduling. When a thread
    /// cannot be started, the others do its share.
    pub fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let jobs = self.jobs.clamp(1, items.len().max(1));
        if jobs == 1 {
            return items.iter().map(f).collect();
        }
        let next = AtomicUsize::new(0);
        let work = || {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                out.push((i, f(item)));
            }
            out
        };
        let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..jobs)
                .filter_map(|_| std::thread::Builder::new().stack_size(self.stack_bytes).spawn_scoped(scope, work).ok())
                .collect();
            let mut done: Vec<(usize, R)> = if workers.is_empty() { work() } else { Vec::new() };
            // A worker only panics if `f` does; `process_page` and the emitters catch their own.
            done.extend(workers.into_iter().flat_map(|w| w.join().unwrap_or_default()));
            done
        });
        indexed.sort_by_key(|(i, _)| *i);
        indexed.into_iter().map(|(_, r)| r).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_whatever_the_thread_count() {
        let items: Vec<u32> = (0..1000).collect();
        for jobs in [1, 2, 7] {
            let out = Threads::with_jobs(jobs).map(&items, |i| i * 2);
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
