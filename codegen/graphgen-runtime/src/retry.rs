//! When and how long to wait before retrying a throttled request.

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
/// [`RetryPolicy::none`] turns retries off.
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
