//! `Edm.Duration`.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use super::{Cursor, ParseEdmError, fraction_nanos, text_type};

/// `Edm.Duration`: an ISO 8601 duration such as `P1DT2H3M4.5S`, `-PT5M` or
/// `PT0S`, that keeps its wire text.
///
/// Accepted text: an optional `-`, `P`, then in this order any of `nY`,
/// `nM`, `nW`, `nD`, then optionally `T` followed by any of `nH`, `nM`,
/// `n[.f…]S`; at least one component, and at least one after a `T`. Only
/// seconds may have a fraction (digits past the ninth are ignored in the
/// value).
///
/// Equality and hashing compare the sign and each component as written
/// (`PT60S` ≠ `PT1M`, since years and months have no fixed length), except
/// that a zero duration equals its negation. There is no ordering.
#[derive(Clone)]
pub struct Duration {
    negative: bool,
    years: u64,
    months: u64,
    weeks: u64,
    days: u64,
    hours: u64,
    minutes: u64,
    seconds: u64,
    nanos: u32,
    text: String,
}

impl Duration {
    /// Parses ISO 8601 duration text (see the type's docs for what is
    /// accepted).
    pub fn parse(text: &str) -> Result<Self, ParseEdmError> {
        Self::parse_components(text).map_err(|reason| ParseEdmError::new("Edm.Duration", text, reason))
    }

    fn parse_components(text: &str) -> Result<Self, String> {
        let mut d = Duration::zero_with_text(text.to_owned());
        let mut c = Cursor::new(text);
        d.negative = c.eat(b'-');
        c.expect(b'P', "'P'")?;
        // Designators in the order they may appear; `in_time` after 'T'.
        const DATE: [u8; 4] = [b'Y', b'M', b'W', b'D'];
        const TIME: [u8; 3] = [b'H', b'M', b'S'];
        let mut in_time = false;
        let mut next = 0; // index of the first designator still allowed
        let mut any = false;
        let mut any_time = false;
        loop {
            if c.is_done() {
                break;
            }
            if !in_time && c.eat(b'T') {
                in_time = true;
                next = 0;
                continue;
            }
            let digits = c.digits();
            if digits.is_empty() {
                return Err("expected a number".into());
            }
            let value = parse_u64(digits)?;
            let mut fraction: Option<&[u8]> = None;
            if c.eat(b'.') {
                let f = c.digits();
                if f.is_empty() {
                    return Err("expected digits after '.'".into());
                }
                fraction = Some(f);
            }
            let designator = c.peek().ok_or("expected a designator after the number")?;
            let order: &[u8] = if in_time { &TIME } else { &DATE };
            let index = order[next..]
                .iter()
                .position(|&b| b == designator)
                .map(|i| i + next)
                .ok_or_else(|| format!("unexpected or out-of-order designator {:?}", char::from(designator)))?;
            c.eat(designator);
            next = index + 1;
            if fraction.is_some() && !(in_time && designator == b'S') {
                return Err("only seconds may have a fraction".into());
            }
            match (in_time, designator) {
                (false, b'Y') => d.years = value,
                (false, b'M') => d.months = value,
                (false, b'W') => d.weeks = value,
                (false, _) => d.days = value,
                (true, b'H') => d.hours = value,
                (true, b'M') => d.minutes = value,
                (true, _) => {
                    d.seconds = value;
                    d.nanos = fraction.map_or(0, fraction_nanos);
                }
            }
            any = true;
            any_time |= in_time;
        }
        if !any {
            return Err("expected at least one component".into());
        }
        if in_time && !any_time {
            return Err("expected a component after 'T'".into());
        }
        Ok(d)
    }

    fn zero_with_text(text: String) -> Self {
        Duration {
            negative: false,
            years: 0,
            months: 0,
            weeks: 0,
            days: 0,
            hours: 0,
            minutes: 0,
            seconds: 0,
            nanos: 0,
            text,
        }
    }

    /// Builds a duration from a sign and a length, with canonical text:
    /// days and time components only, zero components omitted, the
    /// fraction without trailing zeros (`P1DT2H3M4.5S`, `-PT5M`, `PT0S`).
    pub fn from_parts(negative: bool, length: std::time::Duration) -> Self {
        let total = length.as_secs();
        let nanos = length.subsec_nanos();
        let mut d = Duration::zero_with_text(String::new());
        d.negative = negative && (total != 0 || nanos != 0);
        d.days = total / 86_400;
        d.hours = total / 3600 % 24;
        d.minutes = total / 60 % 60;
        d.seconds = total % 60;
        d.nanos = nanos;
        let mut text = String::new();
        if d.negative {
            text.push('-');
        }
        text.push('P');
        if d.days > 0 {
            let _ = write!(text, "{}D", d.days);
        }
        if d.hours > 0 || d.minutes > 0 || d.seconds > 0 || nanos > 0 || d.days == 0 {
            text.push('T');
            if d.hours > 0 {
                let _ = write!(text, "{}H", d.hours);
            }
            if d.minutes > 0 {
                let _ = write!(text, "{}M", d.minutes);
            }
            if d.seconds > 0 || nanos > 0 || (d.hours == 0 && d.minutes == 0) {
                let _ = write!(text, "{}", d.seconds);
                if nanos > 0 {
                    let fraction = format!("{nanos:09}");
                    let _ = write!(text, ".{}", fraction.trim_end_matches('0'));
                }
                text.push('S');
            }
        }
        d.text = text;
        d
    }

    /// Builds a duration from a signed `chrono::TimeDelta`, with canonical
    /// text (see [`Duration::from_parts`]).
    pub fn from_time_delta(delta: chrono::TimeDelta) -> Self {
        let negative = delta < chrono::TimeDelta::zero();
        // `abs` cannot overflow: TimeDelta's range is symmetric.
        let length = delta.abs().to_std().unwrap_or_default();
        Duration::from_parts(negative, length)
    }

    /// True if the text starts with `-` and the duration is not zero.
    pub fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// True if every component is zero.
    pub fn is_zero(&self) -> bool {
        self.years == 0
            && self.months == 0
            && self.weeks == 0
            && self.days == 0
            && self.hours == 0
            && self.minutes == 0
            && self.seconds == 0
            && self.nanos == 0
    }

    /// The `Y` component.
    pub fn years(&self) -> u64 {
        self.years
    }

    /// The `M` component before `T`.
    pub fn months(&self) -> u64 {
        self.months
    }

    /// The `W` component.
    pub fn weeks(&self) -> u64 {
        self.weeks
    }

    /// The `D` component.
    pub fn days(&self) -> u64 {
        self.days
    }

    /// The `H` component.
    pub fn hours(&self) -> u64 {
        self.hours
    }

    /// The `M` component after `T`.
    pub fn minutes(&self) -> u64 {
        self.minutes
    }

    /// The whole seconds of the `S` component.
    pub fn seconds(&self) -> u64 {
        self.seconds
    }

    /// The fraction of the `S` component, in nanoseconds.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The length as whole seconds plus nanoseconds, if it has no years or
    /// months (weeks count 7 days, days 24 hours) and does not overflow.
    fn length(&self) -> Option<std::time::Duration> {
        if self.years != 0 || self.months != 0 {
            return None;
        }
        let secs = self
            .weeks
            .checked_mul(604_800)?
            .checked_add(self.days.checked_mul(86_400)?)?
            .checked_add(self.hours.checked_mul(3600)?)?
            .checked_add(self.minutes.checked_mul(60)?)?
            .checked_add(self.seconds)?;
        Some(std::time::Duration::new(secs, self.nanos))
    }

    /// The length as a `std::time::Duration`, or `None` if the duration is
    /// negative, has years or months, or overflows. Weeks count 7 days and
    /// days 24 hours.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        if self.is_negative() {
            return None;
        }
        self.length()
    }

    /// The signed length as a `chrono::TimeDelta`, or `None` if the duration
    /// has years or months or is out of range.
    pub fn to_time_delta(&self) -> Option<chrono::TimeDelta> {
        let delta = chrono::TimeDelta::from_std(self.length()?).ok()?;
        Some(if self.is_negative() { -delta } else { delta })
    }

    /// The signed length in seconds (approximate for long durations), or
    /// `None` if the duration has years or months.
    pub fn as_secs_f64(&self) -> Option<f64> {
        let secs = self.length()?.as_secs_f64();
        Some(if self.is_negative() { -secs } else { secs })
    }

    /// The text this value serialises to.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    #[allow(clippy::type_complexity)]
    fn key(&self) -> (bool, u64, u64, u64, u64, u64, u64, u64, u32) {
        (
            self.is_negative(),
            self.years,
            self.months,
            self.weeks,
            self.days,
            self.hours,
            self.minutes,
            self.seconds,
            self.nanos,
        )
    }
}

fn parse_u64(digits: &[u8]) -> Result<u64, String> {
    digits
        .iter()
        .try_fold(0u64, |acc, &b| acc.checked_mul(10)?.checked_add(u64::from(b - b'0')))
        .ok_or_else(|| "number too large".into())
}

impl From<std::time::Duration> for Duration {
    fn from(length: std::time::Duration) -> Self {
        Duration::from_parts(false, length)
    }
}

impl From<chrono::TimeDelta> for Duration {
    fn from(delta: chrono::TimeDelta) -> Self {
        Duration::from_time_delta(delta)
    }
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Duration {}

impl Hash for Duration {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

text_type!(Duration, "an Edm.Duration string such as \"PT1H30M\"");
