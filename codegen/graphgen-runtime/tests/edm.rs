//! EDM value types: exact wire round trips, parsed values, rejection of bad
//! input, equality and ordering.

use std::collections::HashSet;

use graphgen_runtime::chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};
use graphgen_runtime::{Base64Binary, Date, DateTimeOffset, Duration, Guid, TimeOfDay};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Value, json};

/// Deserialises `text` (as a JSON string) and checks that re-serialising
/// gives exactly the same JSON.
fn round_trip<T: Serialize + DeserializeOwned>(text: &str) -> T {
    let original = Value::String(text.to_owned());
    let value: T = serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(serde_json::to_value(&value).unwrap(), original);
    assert_eq!(serde_json::to_string(&value).unwrap(), serde_json::to_string(text).unwrap());
    value
}

fn rejects<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    let err =
        serde_json::from_value::<T>(Value::String(text.to_owned())).expect_err(&format!("{text:?} should be rejected"));
    err.to_string()
}

fn fixed(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

#[test]
fn date_time_offset_round_trips_graph_text() {
    for text in [
        "2016-12-31T23:58:36.6670033-08:00",
        "2020-01-01T00:00:00Z",
        "2020-01-01T00:00:00.000Z",
        "2020-01-01T00:00:00.1Z",
        "2020-01-01T00:00:00.123456789Z",
        "2020-01-01T00:00:00.12345678901Z",
        "2020-01-01T05:30:00+05:30",
        "2020-01-01t00:00:00z",
        "2020-01-01T00:00Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.9999999Z",
        "2019-10-22T20:13:08",
    ] {
        let v: DateTimeOffset = round_trip(text);
        assert_eq!(v.as_str(), text);
        assert_eq!(v.to_string(), text);
        assert_eq!(text.parse::<DateTimeOffset>().unwrap().as_str(), text);
    }
}

#[test]
fn date_time_offset_values() {
    let v = DateTimeOffset::parse("2016-12-31T23:58:36.6670033-08:00").unwrap();
    assert_eq!(v.value(), fixed("2016-12-31T23:58:36.6670033-08:00"));
    assert_eq!(v.value().offset().local_minus_utc(), -8 * 3600);
    assert_eq!(v.value().nanosecond(), 667_003_300);
    assert_eq!(v.to_utc(), Utc.with_ymd_and_hms(2017, 1, 1, 7, 58, 36).unwrap() + TimeDelta::nanoseconds(667_003_300));
    let nine_plus = DateTimeOffset::parse("2020-01-01T00:00:00.12345678901Z").unwrap();
    assert_eq!(nine_plus.value().nanosecond(), 123_456_789);
    let no_offset = DateTimeOffset::parse("2019-10-22T20:13:08").unwrap();
    assert_eq!(no_offset.value(), fixed("2019-10-22T20:13:08Z"));
    let no_seconds = DateTimeOffset::parse("2020-01-01T10:20+01:00").unwrap();
    assert_eq!(no_seconds.value(), fixed("2020-01-01T10:20:00+01:00"));
}

#[test]
fn date_time_offset_from_chrono_uses_seven_digits() {
    let v = DateTimeOffset::from(fixed("2016-12-31T23:58:36.667003345-08:00"));
    assert_eq!(v.as_str(), "2016-12-31T23:58:36.6670033-08:00");
    // The value is truncated to the text's precision, so it re-parses equal.
    assert_eq!(DateTimeOffset::parse(v.as_str()).unwrap(), v);
    assert_eq!(v.value().nanosecond(), 667_003_300);

    let utc = DateTimeOffset::from(Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(utc.as_str(), "2020-01-01T00:00:00.0000000Z");
    let east = DateTimeOffset::from_datetime(fixed("2020-06-01T12:00:00.5+05:45"));
    assert_eq!(east.as_str(), "2020-06-01T12:00:00.5000000+05:45");
    assert_eq!(serde_json::to_value(&east).unwrap(), json!("2020-06-01T12:00:00.5000000+05:45"));
    let back: DateTime<FixedOffset> = east.clone().into();
    assert_eq!(back, east.value());
}

#[test]
fn date_time_offset_rejects_bad_text() {
    for text in [
        "",
        "not a date",
        "2020-01-01",
        "2020-01-01 00:00:00Z",
        "2020-1-01T00:00:00Z",
        "2020-02-30T00:00:00Z",
        "2020-01-01T24:00:00Z",
        "2020-01-01T00:60:00Z",
        "2020-01-01T00:00:60Z",
        "2020-01-01T00:00:00.Z",
        "2020-01-01T00:00:00+0800",
        "2020-01-01T00:00:00+24:00",
        "2020-01-01T00:00:00ZZ",
        "2020-01-01T00:00:00Z ",
        "+2020-01-01T00:00:00Z",
        "String (timestamp)",
    ] {
        let message = rejects::<DateTimeOffset>(text);
        assert!(message.contains("Edm.DateTimeOffset"), "{message}");
    }
    let err = DateTimeOffset::parse("2020-02-30T00:00:00Z").unwrap_err();
    assert_eq!(err.type_name(), "Edm.DateTimeOffset");
    assert_eq!(err.input(), "2020-02-30T00:00:00Z");
    assert_eq!(err.to_string(), "invalid Edm.DateTimeOffset \"2020-02-30T00:00:00Z\": no such date");
    // Not a string at all.
    assert!(serde_json::from_value::<DateTimeOffset>(json!(12)).is_err());
}

#[test]
fn date_time_offset_equality_is_instant_and_offset() {
    let a = DateTimeOffset::parse("2020-01-01T00:00:00Z").unwrap();
    let b = DateTimeOffset::parse("2020-01-01T00:00:00.000Z").unwrap();
    let c = DateTimeOffset::parse("2019-12-31T16:00:00-08:00").unwrap();
    let d = DateTimeOffset::parse("2020-01-01T00:00:00+00:00").unwrap();
    assert_eq!(a, b);
    assert_eq!(a, d);
    assert_ne!(a, c, "same instant, different offset");
    assert_eq!(a.to_utc(), c.to_utc());
    let set: HashSet<_> = [a.clone(), b.clone(), c.clone(), d].into_iter().collect();
    assert_eq!(set.len(), 2);

    let earlier = DateTimeOffset::parse("2020-01-01T08:00:00+09:00").unwrap();
    let later = DateTimeOffset::parse("2020-01-01T00:00:00.0000001Z").unwrap();
    assert!(earlier < later, "ordering follows the instant first");
    assert!(c < a, "same instant: the smaller offset orders first");
    let mut v = vec![later.clone(), a.clone(), earlier.clone()];
    v.sort();
    assert_eq!(v, [earlier, a, later]);
}

#[test]
fn date_round_trips_and_validates() {
    let d: Date = round_trip("2016-12-31");
    assert_eq!(d.value(), NaiveDate::from_ymd_opt(2016, 12, 31).unwrap());
    assert_eq!(Date::from(NaiveDate::from_ymd_opt(7, 1, 2).unwrap()).as_str(), "0007-01-02");
    for text in ["2016-13-01", "2016-02-30", "16-12-31", "2016-12-31T00:00:00Z", "2016/12/31", ""] {
        assert!(rejects::<Date>(text).contains("Edm.Date"));
    }
    let a = Date::parse("2020-01-01").unwrap();
    let b = Date::parse("2020-01-02").unwrap();
    assert!(a < b);
    assert_eq!(a, "2020-01-01".parse().unwrap());
}

#[test]
fn time_of_day_round_trips_and_validates() {
    for text in ["08:00:00.0000000", "23:59:59", "00:00", "12:34:56.5", "12:34:56.1234567891"] {
        let t: TimeOfDay = round_trip(text);
        assert_eq!(t.as_str(), text);
    }
    let t = TimeOfDay::parse("12:34:56.5").unwrap();
    assert_eq!(t.value(), NaiveTime::from_hms_milli_opt(12, 34, 56, 500).unwrap());
    let canonical = TimeOfDay::from(NaiveTime::from_hms_nano_opt(8, 0, 0, 123_456_789).unwrap());
    assert_eq!(canonical.as_str(), "08:00:00.1234567");
    assert_eq!(TimeOfDay::from(NaiveTime::MIN).as_str(), "00:00:00.0000000");
    for text in ["24:00:00", "8:00:00", "08:00:00Z", "08:00:00.", "08:60", "noon"] {
        assert!(rejects::<TimeOfDay>(text).contains("Edm.TimeOfDay"));
    }
    assert_eq!(TimeOfDay::parse("08:00:00").unwrap(), TimeOfDay::parse("08:00:00.0000000").unwrap());
    assert!(TimeOfDay::parse("08:00").unwrap() < TimeOfDay::parse("08:00:00.0000001").unwrap());
}

#[test]
fn duration_round_trips_and_exposes_components() {
    for text in ["P1DT2H3M4.5S", "-PT5M", "PT0S", "P1Y2M3W4DT5H6M7.890S", "P0D", "PT36H", "PT0.0000001S"] {
        let d: Duration = round_trip(text);
        assert_eq!(d.as_str(), text);
    }
    let d = Duration::parse("P1DT2H3M4.5S").unwrap();
    assert_eq!((d.days(), d.hours(), d.minutes(), d.seconds(), d.subsec_nanos()), (1, 2, 3, 4, 500_000_000));
    assert!(!d.is_negative());
    assert_eq!(d.to_std(), Some(std::time::Duration::new(86_400 + 2 * 3600 + 3 * 60 + 4, 500_000_000)));
    assert_eq!(d.as_secs_f64(), Some(93_784.5));

    let neg = Duration::parse("-PT5M").unwrap();
    assert!(neg.is_negative());
    assert_eq!(neg.minutes(), 5);
    assert_eq!(neg.to_std(), None);
    assert_eq!(neg.to_time_delta(), Some(TimeDelta::minutes(-5)));
    assert_eq!(neg.as_secs_f64(), Some(-300.0));

    let zero = Duration::parse("PT0S").unwrap();
    assert!(zero.is_zero());
    assert_eq!(zero.to_std(), Some(std::time::Duration::ZERO));
    assert_eq!(zero, Duration::parse("-PT0S").unwrap());

    let calendar = Duration::parse("P1Y2M3W").unwrap();
    assert_eq!((calendar.years(), calendar.months(), calendar.weeks()), (1, 2, 3));
    assert_eq!(calendar.to_std(), None);
    assert_eq!(calendar.to_time_delta(), None);
    assert_eq!(Duration::parse("P2W").unwrap().to_std(), Some(std::time::Duration::from_secs(14 * 86_400)));
    assert_eq!(Duration::parse("P99999999999999999DT1S").unwrap().to_std(), None);
}

#[test]
fn duration_from_lengths_is_canonical() {
    let cases = [
        (std::time::Duration::ZERO, "PT0S"),
        (std::time::Duration::from_secs(300), "PT5M"),
        (std::time::Duration::from_secs(86_400), "P1D"),
        (std::time::Duration::new(93_784, 500_000_000), "P1DT2H3M4.5S"),
        (std::time::Duration::new(3600, 1), "PT1H0.000000001S"),
        (std::time::Duration::from_millis(250), "PT0.25S"),
        (std::time::Duration::from_secs(86_400 + 60), "P1DT1M"),
    ];
    for (length, text) in cases {
        let d = Duration::from(length);
        assert_eq!(d.as_str(), text);
        assert_eq!(d.to_std(), Some(length));
        assert_eq!(Duration::parse(text).unwrap(), d);
    }
    let neg = Duration::from(TimeDelta::seconds(-300));
    assert_eq!(neg.as_str(), "-PT5M");
    assert_eq!(neg.to_time_delta(), Some(TimeDelta::seconds(-300)));
    assert_eq!(Duration::from_parts(true, std::time::Duration::ZERO).as_str(), "PT0S");
}

#[test]
fn duration_rejects_bad_text() {
    for text in [
        "",
        "P",
        "PT",
        "1D",
        "P1",
        "P1H",
        "PT1D",
        "P1D2Y",
        "PT1S2M",
        "P1.5D",
        "PT1.S",
        "P1DT",
        "+P1D",
        "P-1D",
        "PT1M1M",
        "P1DT1H ",
        "p1d",
        "P99999999999999999999D",
    ] {
        assert!(rejects::<Duration>(text).contains("Edm.Duration"), "{text:?}");
    }
}

#[test]
fn duration_equality_is_structural() {
    let a = Duration::parse("PT60S").unwrap();
    let b = Duration::parse("PT1M").unwrap();
    assert_ne!(a, b);
    assert_eq!(a.to_std(), b.to_std());
    assert_eq!(Duration::parse("PT1.50S").unwrap(), Duration::parse("PT1.5S").unwrap());
    assert_ne!(Duration::parse("-PT1S").unwrap(), Duration::parse("PT1S").unwrap());
    let set: HashSet<_> = ["PT0S", "-PT0S", "P0D", "PT1M"].iter().map(|t| Duration::parse(t).unwrap()).collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn base64_binary_round_trips_text_and_decodes() {
    let b: Base64Binary = round_trip("SGVsbG8=");
    assert_eq!(b.as_bytes(), b"Hello");
    let unpadded: Base64Binary = round_trip("SGVsbG8");
    assert_eq!(unpadded, b);
    let url_safe: Base64Binary = round_trip("-_8");
    assert_eq!(url_safe.as_bytes(), [0xfb, 0xff]);
    let standard: Base64Binary = round_trip("+/8=");
    assert_eq!(standard, url_safe);
    let empty: Base64Binary = round_trip("");
    assert!(empty.as_bytes().is_empty());

    let built = Base64Binary::from(vec![0xfb, 0xff]);
    assert_eq!(built.as_str(), "+/8=");
    assert_eq!(built.clone().into_bytes(), [0xfb, 0xff]);
    for text in ["SGVsbG8=!", "S", "SGVsbG8=="] {
        assert!(rejects::<Base64Binary>(text).contains("Edm.Binary"), "{text:?}");
    }
    let long = Base64Binary::from(vec![7u8; 300]);
    let debug = format!("{long:?}");
    assert!(debug.len() < 100 && debug.ends_with("…\")"), "{debug}");
}

#[test]
fn guid_round_trips_lower_case() {
    let text = "4b2c1b8e-5a7a-4d2b-9d3e-0f1a2b3c4d5e";
    let g: Guid = round_trip(text);
    assert_eq!(g.to_string(), text);
    assert!(serde_json::from_value::<Guid>(json!("not-a-guid")).is_err());
}

#[test]
fn structs_with_edm_fields_round_trip_exactly() {
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Event {
        created_date_time: DateTimeOffset,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_modified_date_time: Option<DateTimeOffset>,
        start_date: Date,
        start_time: TimeOfDay,
        reminder: Duration,
        thumbprint: Base64Binary,
        id: Guid,
    }
    let example = json!({
        "createdDateTime": "2016-12-31T23:58:36.6670033-08:00",
        "lastModifiedDateTime": null,
        "startDate": "2017-01-01",
        "startTime": "08:00:00.0000000",
        "reminder": "-PT15M",
        "thumbprint": "AQID",
        "id": "00000000-0000-0000-0000-000000000000"
    });
    let event: Event = serde_json::from_value(example.clone()).unwrap();
    let mut expected = example;
    // `null` and absent both read as None; None is skipped on output.
    expected.as_object_mut().unwrap().remove("lastModifiedDateTime");
    assert_eq!(serde_json::to_value(&event).unwrap(), expected);
    let text = serde_json::to_string(&event).unwrap();
    assert!(text.contains(r#""2016-12-31T23:58:36.6670033-08:00""#));
}
