//! Retrying throttled requests: the [`RetryPolicy`] (which attempts are
//! retried, after how long) and the sans-IO [`RetryDriver`] that runs it for
//! one call, so that a client only sends and sleeps.

use std::time::{Duration, SystemTime};

use http::StatusCode;

use crate::error::Error;

/// Which failed attempts are retried, and after how long.
///
/// Responses with status 429 (Too Many Requests), 503 (Service Unavailable)
/// or 504 (Gateway Timeout) are retried, up to `max_attempts` attempts in
/// all. The wait before a retry is the response's `Retry-After` (seconds or
/// an HTTP date) when it sent one, and otherwise an exponential back-off:
/// `initial_delay`, then twice that, and so on, never more than
/// `max_delay`. A `Retry-After` longer than `max_delay` is not waited for:
/// the error (carrying [`Error::retry_after`]) is returned instead. Errors
/// that are not such responses (transport failures, other statuses) are
/// never retried.
///
/// The default is 4 attempts, a 1 s initial delay and a 60 s maximum;
/// [`RetryPolicy::none`] turns retries off. A [`RetryDriver`] runs the
/// policy for one call.
///
/// ```
/// use std::time::Duration;
/// use graphgen_runtime::RetryPolicy;
/// let policy = RetryPolicy::default().with_max_attempts(3).with_max_delay(Duration::from_secs(10));
/// assert_eq!(policy.backoff(1), Duration::from_secs(1));
/// assert_eq!(policy.backoff(2), Duration::from_secs(2));
/// assert_eq!(policy.backoff(9), Duration::from_secs(10));
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 4, initial_delay: Duration::from_secs(1), max_delay: Duration::from_secs(60) }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Sets the number of attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the back-off before the first retry when the server sent no
    /// `Retry-After`.
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets the longest wait before one retry.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The number of attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The back-off after failed attempt number `attempt` (1-based) when the
    /// server sent no `Retry-After`: `initial_delay * 2^(attempt-1)`, at most
    /// `max_delay`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_delay.checked_mul(factor).map_or(self.max_delay, |d| d.min(self.max_delay))
    }

    /// True if a response with `status` is retried.
    pub fn is_retryable_status(status: StatusCode) -> bool {
        matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT)
    }

    /// How long to wait before retrying after attempt number `attempt`
    /// (1-based) failed with `error`, or `None` if it is not retried.
    pub fn retry_delay(&self, attempt: u32, error: &Error) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let Error::Status { status, retry_after, .. } = error else {
            return None;
        };
        if !Self::is_retryable_status(*status) {
            return None;
        }
        match retry_after {
            Some(wait) if *wait > self.max_delay => None,
            Some(wait) => Some(*wait),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// The retry loop of one call, without I/O: a small state machine over a
/// [`RetryPolicy`] that both clients run, and that a transport written by
/// the user can run too.
///
/// The caller sends the request, hands the attempt's outcome (a
/// [`Request::parse_response`](crate::Request::parse_response) result, or
/// the error that kept it from getting one) to [`RetryDriver::step`], and
/// does what the [`RetryStep`] says: return the result, or wait and send
/// the same request again. The driver counts the attempts; the decision is
/// [`RetryPolicy::retry_delay`]'s, so only an [`Error::Status`] with a
/// retryable status is retried, after its `Retry-After` or the back-off.
///
/// ```
/// use std::time::Duration;
/// use graphgen_runtime::http::StatusCode;
/// use graphgen_runtime::{Error, RetryDriver, RetryPolicy, RetryStep};
///
/// // What sending the request and parsing the response gives: throttled
/// // once (`Retry-After: 2`), then a success.
/// let throttled = Error::Status {
///     status: StatusCode::TOO_MANY_REQUESTS,
///     error: None,
///     body_excerpt: String::new(),
///     retry_after: Some(Duration::from_secs(2)),
/// };
/// let mut outcomes = vec![Err(throttled), Ok("done")].into_iter();
///
/// let mut retry = RetryDriver::new(RetryPolicy::default());
/// let mut waits = Vec::new();
/// let result = loop {
///     let outcome = outcomes.next().unwrap(); // send, read, parse
///     match retry.step(outcome) {
///         RetryStep::Done(result) => break result,
///         RetryStep::Resend { after } => waits.push(after), // sleep `after`
///     }
/// };
/// assert_eq!(result.unwrap(), "done");
/// assert_eq!(waits, [Duration::from_secs(2)]);
/// assert_eq!(retry.attempt(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct RetryDriver {
    policy: RetryPolicy,
    attempt: u32,
}

/// What to do after an attempt ([`RetryDriver::step`]).
#[derive(Debug)]
#[must_use]
pub enum RetryStep<T> {
    /// The call is over, with this outcome (that of the last attempt).
    Done(Result<T, Error>),
    /// Wait `after`, then send the request again.
    Resend {
        /// How long to wait first.
        after: Duration,
    },
}

impl RetryDriver {
    /// The driver of one call, before its first attempt.
    pub fn new(policy: RetryPolicy) -> Self {
        RetryDriver { policy, attempt: 1 }
    }

    /// The number of the attempt being made, 1 for the first.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Records the outcome of the current attempt and says what to do next:
    /// [`RetryStep::Resend`] if the policy retries it (the next attempt is
    /// then counted), [`RetryStep::Done`] with the outcome otherwise.
    pub fn step<T>(&mut self, outcome: Result<T, Error>) -> RetryStep<T> {
        match outcome {
            Err(error) => match self.policy.retry_delay(self.attempt, &error) {
                Some(after) => {
                    self.attempt += 1;
                    RetryStep::Resend { after }
                }
                None => RetryStep::Done(Err(error)),
            },
            ok => RetryStep::Done(ok),
        }
    }
}

/// Parses a `Retry-After` value: delay seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), which is counted from `now` (zero if
/// it is past).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let date = SystemTime::from(date.with_timezone(&chrono::Utc));
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, retry_after: Option<u64>) -> Error {
        Error::Status {
            status: StatusCode::from_u16(code).unwrap(),
            error: None,
            body_excerpt: String::new(),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 2015-10-21T07:28:00Z
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn which_errors_are_retried() {
        let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(30));
        assert_eq!(policy.retry_delay(1, &status(429, Some(3))), Some(Duration::from_secs(3)));
        assert_eq!(policy.retry_delay(1, &status(503, None)), Some(Duration::from_secs(1)));
        assert_eq!(policy.retry_delay(3, &status(504, None)), Some(Duration::from_secs(4)));
        assert_eq!(policy.retry_delay(4, &status(429, Some(0))), None, "attempts exhausted");
        assert_eq!(policy.retry_delay(1, &status(429, Some(31))), None, "longer than max_delay");
        assert_eq!(policy.retry_delay(1, &status(500, Some(1))), None);
        assert_eq!(policy.retry_delay(1, &status(404, None)), None);
        assert_eq!(policy.retry_delay(1, &Error::transport("down")), None);
        assert_eq!(RetryPolicy::none().retry_delay(1, &status(429, Some(0))), None);
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    }

    /// Runs `driver` over `outcomes` (one per attempt) as a client would:
    /// the waits it asked for, and the outcome it ended with.
    fn drive(
        driver: &mut RetryDriver,
        outcomes: Vec<Result<&'static str, Error>>,
    ) -> (Vec<Duration>, Option<Result<&'static str, Error>>) {
        let mut waits = Vec::new();
        for outcome in outcomes {
            match driver.step(outcome) {
                RetryStep::Done(result) => return (waits, Some(result)),
                RetryStep::Resend { after } => waits.push(after),
            }
        }
        (waits, None)
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn driver_success_is_done_at_once() {
        let mut driver = RetryDriver::new(RetryPolicy::default());
        assert_eq!(driver.attempt(), 1);
        let (waits, done) = drive(&mut driver, vec![Ok("a")]);
        assert!(waits.is_empty());
        assert_eq!(done.unwrap().unwrap(), "a");
        assert_eq!(driver.attempt(), 1);
    }

    #[test]
    fn driver_waits_retry_after_then_backoff_and_counts_attempts() {
        let policy = RetryPolicy::default().with_initial_delay(Duration::from_millis(250));
        let mut driver = RetryDriver::new(policy);
        let outcomes = vec![Err(status(429, Some(0))), Err(status(503, None)), Err(status(504, Some(7))), Ok("ok")];
        let (waits, done) = drive(&mut driver, outcomes);
        assert_eq!(waits, [Duration::ZERO, Duration::from_millis(500), secs(7)]);
        assert_eq!(done.unwrap().unwrap(), "ok");
        assert_eq!(driver.attempt(), 4);
    }

    #[test]
    fn driver_gives_up_after_max_attempts_with_the_last_error() {
        let mut driver = RetryDriver::new(RetryPolicy::default().with_max_attempts(2));
        let (waits, done) = drive(&mut driver, vec![Err(status(429, Some(5))), Err(status(503, Some(1))), Ok("never")]);
        assert_eq!(waits, [secs(5)]);
        let error = done.unwrap().unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(error.retry_after(), Some(secs(1)));
        assert_eq!(driver.attempt(), 2);
    }

    #[test]
    fn driver_does_not_retry_other_errors_or_long_waits() {
        let done_at_once = |policy: RetryPolicy, error: Error| {
            let mut driver = RetryDriver::new(policy);
            let (waits, done) = drive(&mut driver, vec![Err(error), Ok("never")]);
            assert!(waits.is_empty());
            assert_eq!(driver.attempt(), 1);
            done.unwrap().unwrap_err()
        };
        let policy = RetryPolicy::default().with_max_delay(secs(30));
        assert_eq!(done_at_once(policy, status(404, None)).status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(done_at_once(policy, status(500, Some(1))).status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(matches!(done_at_once(policy, Error::transport("down")), Error::Transport(_)));
        assert!(matches!(done_at_once(policy, Error::token("no token")), Error::Token(_)));
        assert_eq!(done_at_once(policy, status(429, Some(31))).retry_after(), Some(secs(31)), "longer than max_delay");
        assert_eq!(
            done_at_once(RetryPolicy::none(), status(429, Some(0))).status(),
            Some(StatusCode::TOO_MANY_REQUESTS)
        );
    }

    #[test]
    fn drivers_of_separate_calls_count_separately() {
        let policy = RetryPolicy::default().with_max_attempts(2);
        let mut first = RetryDriver::new(policy);
        let (waits, _) = drive(&mut first, vec![Err(status(429, Some(0)))]);
        assert_eq!(waits, [Duration::ZERO]);
        let mut second = RetryDriver::new(policy);
        assert_eq!(second.attempt(), 1);
        let (waits, _) = drive(&mut second, vec![Err(status(429, Some(0)))]);
        assert_eq!(waits, [Duration::ZERO]);
    }

    #[test]
    fn backoff_is_bounded() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(0), Duration::from_secs(1));
        assert_eq!(policy.backoff(6), Duration::from_secs(32));
        assert_eq!(policy.backoff(7), Duration::from_secs(60));
        assert_eq!(policy.backoff(40), Duration::from_secs(60));
        assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(60));
    }
}
