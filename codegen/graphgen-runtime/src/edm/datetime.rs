//! `Edm.DateTimeOffset`, `Edm.Date` and `Edm.TimeOfDay`.

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};

use super::{Cursor, ParseEdmError, fraction_nanos, text_type};

/// Reads `hh:mm[:ss[.f…]]` (any number of fractional digits; past the ninth
/// they are ignored).
fn parse_time(c: &mut Cursor<'_>) -> Result<NaiveTime, String> {
    let hour = c.fixed_digits(2, "hour")?;
    c.expect(b':', "':' after the hour")?;
    let minute = c.fixed_digits(2, "minute")?;
    let (mut second, mut nanos) = (0, 0);
    if c.eat(b':') {
        second = c.fixed_digits(2, "second")?;
        if c.eat(b'.') {
            let digits = c.digits();
            if digits.is_empty() {
                return Err("expected digits after '.'".into());
            }
            nanos = fraction_nanos(digits);
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("hour, minute or second out of range".into());
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or_else(|| "time out of range".into())
}

/// Reads `yyyy-mm-dd`.
fn parse_date(c: &mut Cursor<'_>) -> Result<NaiveDate, String> {
    let year = c.fixed_digits(4, "year")?;
    c.expect(b'-', "'-' after the year")?;
    let month = c.fixed_digits(2, "month")?;
    c.expect(b'-', "'-' after the month")?;
    let day = c.fixed_digits(2, "day")?;
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| "no such date".into())
}

/// Writes `hh:mm:ss.fffffff` (seven fractional digits, as Graph does). A
/// leap second (nanoseconds ≥ 10⁹) is written as `:59.9999999`.
fn write_time(out: &mut String, time: NaiveTime) {
    let ticks = time.nanosecond().min(999_999_999) / 100;
    let _ = write!(out, "{:02}:{:02}:{:02}.{ticks:07}", time.hour(), time.minute(), time.second());
}

/// Writes `yyyy-mm-dd`.
fn write_date(out: &mut String, date: NaiveDate) {
    let _ = write!(out, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
}

/// Truncates `time` to 100 ns ticks (leap seconds clamped), matching the
/// text [`write_time`] produces.
fn truncate_to_ticks(time: NaiveTime) -> NaiveTime {
    let nanos = time.nanosecond().min(999_999_999) / 100 * 100;
    time.with_nanosecond(nanos).unwrap_or(time)
}

/// `Edm.DateTimeOffset`: an instant with a UTC offset, such as
/// `2016-12-31T23:58:36.6670033-08:00`, that keeps its wire text.
///
/// Accepted text: `yyyy-mm-ddThh:mm[:ss[.f…]]` followed by `Z`, `+hh:mm`
/// or `-hh:mm` (`T` and `Z` in either case). Any number of fractional
/// digits is accepted; past the ninth (nanoseconds) they are ignored in the
/// value but kept in the text. A missing offset, which Graph's examples
/// sometimes show, is read as UTC. Leap seconds and years outside 0000–9999
/// are rejected.
///
/// Equality, hashing and ordering compare the instant and then the offset
/// (`local − UTC`), never the text: `…00Z` equals `…00.000Z`, but `…08:00Z`
/// does not equal the same instant written as `…00:00-08:00`, and the
/// earlier instant always orders first.
#[derive(Clone)]
pub struct DateTimeOffset {
    value: DateTime<FixedOffset>,
    text: String,
}

impl DateTimeOffset {
    /// Parses Graph's text (see the type's docs for what is accepted).
    pub fn parse(text: &str) -> Result<Self, ParseEdmError> {
        Self::parse_value(text)
            .map(|value| DateTimeOffset { value, text: text.to_owned() })
            .map_err(|reason| ParseEdmError::new("Edm.DateTimeOffset", text, reason))
    }

    fn parse_value(text: &str) -> Result<DateTime<FixedOffset>, String> {
        let mut c = Cursor::new(text);
        let date = parse_date(&mut c)?;
        if !(c.eat(b'T') || c.eat(b't')) {
            return Err("expected 'T' between the date and the time".into());
        }
        let time = parse_time(&mut c)?;
        let offset_secs = match c.peek() {
            None => 0,
            Some(z @ (b'Z' | b'z')) => {
                c.eat(z);
                0
            }
            Some(sign @ (b'+' | b'-')) => {
                c.eat(sign);
                let hours = c.fixed_digits(2, "offset hours")?;
                c.expect(b':', "':' in the offset")?;
                let minutes = c.fixed_digits(2, "offset minutes")?;
                if hours > 23 || minutes > 59 {
                    return Err("offset out of range".into());
                }
                let secs = (hours * 3600 + minutes * 60) as i32;
                if sign == b'-' { -secs } else { secs }
            }
            Some(_) => return Err("expected 'Z', '+hh:mm' or '-hh:mm' after the time".into()),
        };
        if !c.is_done() {
            return Err("unexpected text after the offset".into());
        }
        let offset = FixedOffset::east_opt(offset_secs).ok_or("offset out of range")?;
        offset.from_local_datetime(&date.and_time(time)).single().ok_or_else(|| "date-time out of range".into())
    }

    /// Wraps `value`, with Graph's canonical text: seven fractional digits
    /// and `Z` for a zero offset (`2020-01-01T00:00:00.0000000Z`). The value
    /// is truncated to 100 ns, the precision of that text; a leap second
    /// becomes `:59.9999999`. Years outside 0000–9999 give text that
    /// [`DateTimeOffset::parse`] would reject.
    pub fn from_datetime(value: DateTime<FixedOffset>) -> Self {
        let offset = *value.offset();
        let local = value.naive_local();
        let local = local.date().and_time(truncate_to_ticks(local.time()));
        let value = offset.from_local_datetime(&local).single().unwrap_or(value);
        let mut text = String::with_capacity(33);
        write_date(&mut text, local.date());
        text.push('T');
        write_time(&mut text, local.time());
        let secs = offset.local_minus_utc();
        if secs == 0 {
            text.push('Z');
        } else {
            let sign = if secs < 0 { '-' } else { '+' };
            let secs = secs.unsigned_abs();
            let _ = write!(text, "{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60);
        }
        DateTimeOffset { value, text }
    }

    /// The parsed value.
    pub fn value(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.value.to_utc()
    }

    /// The text this value serialises to.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Consumes `self`, returning its text.
    pub fn into_string(self) -> String {
        self.text
    }

    fn key(&self) -> (i64, u32, i32) {
        (self.value.timestamp(), self.value.timestamp_subsec_nanos(), self.value.offset().local_minus_utc())
    }
}

impl From<DateTime<FixedOffset>> for DateTimeOffset {
    fn from(value: DateTime<FixedOffset>) -> Self {
        DateTimeOffset::from_datetime(value)
    }
}

impl From<DateTime<Utc>> for DateTimeOffset {
    fn from(value: DateTime<Utc>) -> Self {
        DateTimeOffset::from_datetime(value.fixed_offset())
    }
}

impl From<DateTimeOffset> for DateTime<FixedOffset> {
    fn from(value: DateTimeOffset) -> Self {
        value.value
    }
}

impl PartialEq for DateTimeOffset {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for DateTimeOffset {}

impl Hash for DateTimeOffset {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for DateTimeOffset {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTimeOffset {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

text_type!(DateTimeOffset, "an Edm.DateTimeOffset string such as \"2020-01-01T00:00:00Z\"");

/// `Edm.Date`: a calendar date `yyyy-mm-dd` that keeps its wire text.
///
/// Equality, hashing and ordering compare the date (the text is determined
/// by it).
#[derive(Clone)]
pub struct Date {
    value: NaiveDate,
    text: String,
}

impl Date {
    /// Parses `yyyy-mm-dd` (a four-digit year).
    pub fn parse(text: &str) -> Result<Self, ParseEdmError> {
        let parsed = (|| {
            let mut c = Cursor::new(text);
            let date = parse_date(&mut c)?;
            if !c.is_done() {
                return Err(String::from("unexpected text after the date"));
            }
            Ok(date)
        })();
        parsed
            .map(|value| Date { value, text: text.to_owned() })
            .map_err(|reason| ParseEdmError::new("Edm.Date", text, reason))
    }

    /// Wraps `value`, with text `yyyy-mm-dd`.
    pub fn from_naive(value: NaiveDate) -> Self {
        let mut text = String::with_capacity(10);
        write_date(&mut text, value);
        Date { value, text }
    }

    /// The parsed value.
    pub fn value(&self) -> NaiveDate {
        self.value
    }

    /// The text this value serialises to.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Date::from_naive(value)
    }
}

impl PartialEq for Date {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Date {}

impl Hash for Date {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

text_type!(Date, "an Edm.Date string such as \"2020-01-31\"");

/// `Edm.TimeOfDay`: a time `hh:mm:ss[.fffffff]` that keeps its wire text.
///
/// Accepted text: `hh:mm`, `hh:mm:ss` or `hh:mm:ss.f…` (any number of
/// fractional digits; past the ninth they are ignored in the value).
/// Equality, hashing and ordering compare the time, not the text:
/// `08:00:00` equals `08:00:00.0000000`.
#[derive(Clone)]
pub struct TimeOfDay {
    value: NaiveTime,
    text: String,
}

impl TimeOfDay {
    /// Parses Graph's text (see the type's docs for what is accepted).
    pub fn parse(text: &str) -> Result<Self, ParseEdmError> {
        let parsed = (|| {
            let mut c = Cursor::new(text);
            let time = parse_time(&mut c)?;
            if !c.is_done() {
                return Err(String::from("unexpected text after the time"));
            }
            Ok(time)
        })();
        parsed
            .map(|value| TimeOfDay { value, text: text.to_owned() })
            .map_err(|reason| ParseEdmError::new("Edm.TimeOfDay", text, reason))
    }

    /// Wraps `value`, with Graph's canonical text `hh:mm:ss.fffffff`; the
    /// value is truncated to 100 ns and a leap second becomes `:59.9999999`.
    pub fn from_naive(value: NaiveTime) -> Self {
        let value = truncate_to_ticks(value);
        let mut text = String::with_capacity(16);
        write_time(&mut text, value);
        TimeOfDay { value, text }
    }

    /// The parsed value.
    pub fn value(&self) -> NaiveTime {
        self.value
    }

    /// The text this value serialises to.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<NaiveTime> for TimeOfDay {
    fn from(value: NaiveTime) -> Self {
        TimeOfDay::from_naive(value)
    }
}

impl PartialEq for TimeOfDay {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for TimeOfDay {}

impl Hash for TimeOfDay {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for TimeOfDay {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TimeOfDay {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

text_type!(TimeOfDay, "an Edm.TimeOfDay string such as \"08:00:00.0000000\"");
