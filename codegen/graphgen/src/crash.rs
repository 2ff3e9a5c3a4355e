//! What each thread is working on, so that a run that dies anyway (an abort in
//! a dependency, a stack overflow no bound foresaw) can say which page did it.
//!
//! Every stage marks the page (or generated item and its page) a thread is
//! busy with through [`working_on`]; that costs one thread-local write. When
//! the process receives a fatal signal (`SIGABRT`, which Rust's stack-overflow
//! handler and `abort` raise, `SIGSEGV`, `SIGBUS`, `SIGILL`, `SIGFPE`), the
//! handler installed by [`install`] writes that mark, from the thread that
//! failed, to stderr and to a record file, then lets the signal take its course.
//!
//! The command line uses the record to isolate the page: it runs the work in a
//! child process, and when the child dies by a signal it reads the record,
//! leaves that page out (an error on the page, `page-crashed`) and runs again
//! (see [`crate::cli`]). Library users can call [`install`] themselves.

use std::cell::Cell;
use std::marker::PhantomData;

/// The prefix of a record line naming a page; the rest of the line is the page.
pub const PAGE_PREFIX: &str = "page ";

/// The mark for working on the page `file` (specs-relative): what a record line names.
pub fn page_mark(file: &str) -> String {
    format!("{PAGE_PREFIX}{file}")
}

thread_local! {
    /// (pointer, length) of the text the thread is working on, or (null, 0).
    static CURRENT: Cell<(*const u8, usize)> = const { Cell::new((std::ptr::null(), 0)) };
}

/// While alive, the thread is marked as working on the text it was made with;
/// dropping it restores the previous mark.
#[must_use = "the mark lasts as long as the guard"]
pub struct Working<'a> {
    previous: (*const u8, usize),
    _text: PhantomData<&'a str>,
}

/// Mark this thread as working on `what` (`page api/user-get.md`, `emit src/users.rs`)
/// until the guard is dropped. A page is marked as [`PAGE_PREFIX`] + its path.
pub fn working_on(what: &str) -> Working<'_> {
    let previous = CURRENT.with(|c| c.replace((what.as_ptr(), what.len())));
    Working { previous, _text: PhantomData }
}

impl Drop for Working<'_> {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.previous));
    }
}

/// What this thread is marked as working on (for tests and messages).
pub fn current() -> Option<String> {
    let (ptr, len) = CURRENT.with(Cell::get);
    if ptr.is_null() {
        return None;
    }
    // SAFETY: the pointer and length come from a `&str` that outlives the guard
    // that set them, and the guard is still alive while they are set.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    std::str::from_utf8(bytes).ok().map(str::to_owned)
}

/// Fault injection, for the tests of crash isolation: with `GRAPHGEN_FAULT=abort:PAGE`
/// the process aborts, with `GRAPHGEN_FAULT=overflow:PAGE` it overflows its stack,
/// while working on PAGE (specs-relative). Read once; costs a comparison per page.
pub fn inject_fault(page: &str) {
    static FAULT: std::sync::OnceLock<Option<(String, String)>> = std::sync::OnceLock::new();
    let fault = FAULT.get_or_init(|| {
        let spec = std::env::var("GRAPHGEN_FAULT").ok()?;
        let (kind, page) = spec.split_once(':')?;
        Some((kind.to_owned(), page.to_owned()))
    });
    match fault {
        Some((kind, target)) if target == page => match kind.as_str() {
            "abort" => std::process::abort(),
            "overflow" => {
                std::hint::black_box(overflow(0));
            }
            _ => {}
        },
        _ => {}
    }
}

/// Recursion without end (the `overflow` fault).
fn overflow(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 128]);
    if std::hint::black_box(true) { overflow(depth + 1).wrapping_add(frame[7]) } else { frame[0] }
}

#[cfg(unix)]
mod handler {
    use super::CURRENT;
    use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

    const SIGNALS: [libc::c_int; 5] = [libc::SIGABRT, libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE];

    /// The record file's descriptor, or -1.
    static RECORD: AtomicI32 = AtomicI32::new(-1);
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    /// The handlers that were there before ours (Rust's stack-overflow handler for `SIGSEGV`/`SIGBUS`).
    static mut PREVIOUS: [Option<libc::sigaction>; 5] = [None; 5];

    fn write_all(fd: libc::c_int, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            // SAFETY: write(2) with a valid buffer; async-signal-safe.
            let n = unsafe { libc::write(fd, rest.as_ptr().cast(), rest.len()) };
            if n <= 0 {
                return;
            }
            rest = &rest[n as usize..];
        }
    }

    /// The signal number as decimal digits, without allocating.
    fn digits(mut n: u32, buf: &mut [u8; 10]) -> &[u8] {
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        &buf[i..]
    }

    extern "C" fn on_signal(signal: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
        // Only async-signal-safe work here: a thread-local read and write(2).
        let (ptr, len) = CURRENT.try_with(|c| c.get()).unwrap_or((std::ptr::null(), 0));
        let mut buf = [0u8; 10];
        let number = digits(signal.unsigned_abs(), &mut buf);
        write_all(2, b"graphgen: fatal signal ");
        write_all(2, number);
        if ptr.is_null() {
            write_all(2, b" outside any page\n");
        } else {
            // SAFETY: set from a live `&str` by `working_on` (see `current`).
            let what = unsafe { std::slice::from_raw_parts(ptr, len) };
            write_all(2, b" while working on ");
            write_all(2, what);
            write_all(2, b"\n");
            let fd = RECORD.load(Ordering::Relaxed);
            if fd >= 0 {
                write_all(fd, what);
                write_all(fd, b"\n");
            }
        }
        // Hand over to what was there before (Rust's overflow report), or to the default.
        let index = SIGNALS.iter().position(|&s| s == signal);
        // SAFETY: PREVIOUS is written once, before any handler is installed.
        let previous = index.and_then(|i| unsafe { (*std::ptr::addr_of!(PREVIOUS))[i] });
        match previous {
            Some(old) if old.sa_sigaction != libc::SIG_DFL && old.sa_sigaction != libc::SIG_IGN => {
                if old.sa_flags & libc::SA_SIGINFO != 0 {
                    // SAFETY: the previous handler was installed with SA_SIGINFO, so it has this signature.
                    let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                        unsafe { std::mem::transmute(old.sa_sigaction) };
                    f(signal, info, context);
                } else {
                    // SAFETY: a plain handler takes the signal number only.
                    let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(old.sa_sigaction) };
                    f(signal);
                }
            }
            _ => {
                // The kernel already restored the default action on entry
                // (`SA_RESETHAND`): re-raise, so the process ends by this signal.
                // No sigaction here: inside `abort()` glibc holds a lock that
                // sigaction on SIGABRT waits for, and the handler would spin.
                // SAFETY: raise(3) is async-signal-safe.
                unsafe {
                    libc::raise(signal);
                }
            }
        }
    }

    pub fn install(record: Option<&std::path::Path>) {
        if let Some(path) = record {
            use std::os::unix::ffi::OsStrExt;
            let mut c_path = path.as_os_str().as_bytes().to_vec();
            c_path.push(0);
            // SAFETY: a NUL-terminated path; the descriptor is kept for the life of the process.
            let fd = unsafe {
                libc::open(
                    c_path.as_ptr().cast(),
                    libc::O_WRONLY | libc::O_CREAT | libc::O_APPEND | libc::O_CLOEXEC,
                    0o600,
                )
            };
            if fd >= 0 {
                RECORD.store(fd, Ordering::Relaxed);
            }
        }
        if INSTALLED.swap(true, Ordering::SeqCst) {
            return;
        }
        for (i, &signal) in SIGNALS.iter().enumerate() {
            // SAFETY: plain sigaction calls with zeroed, then filled, structures; the
            // handler runs on the alternate signal stack Rust sets up for each thread.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) == 0 {
                    (*std::ptr::addr_of_mut!(PREVIOUS))[i] = Some(old);
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as *const () as usize;
                // SA_RESETHAND: the default action is back before the handler runs,
                // so the handler never changes dispositions itself.
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER | libc::SA_RESETHAND;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}

/// Install the fatal-signal handler (once per process; a later call only
/// changes the record file). `record`: a file the handler appends the failing
/// thread's mark to, one line per signal.
pub fn install(record: Option<&std::path::Path>) {
    #[cfg(unix)]
    handler::install(record);
    #[cfg(not(unix))]
    let _ = record;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_nest_and_restore() {
        assert_eq!(current(), None);
        let outer = String::from("page api/a.md");
        let _a = working_on(&outer);
        {
            let _b = working_on("emit src/users.rs");
            assert_eq!(current().as_deref(), Some("emit src/users.rs"));
        }
        assert_eq!(current().as_deref(), Some("page api/a.md"));
    }
}
