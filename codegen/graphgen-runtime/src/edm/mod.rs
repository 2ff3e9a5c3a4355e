//! OData EDM primitive types that keep their wire text.
//!
//! Each type holds both a parsed value and the exact text it was read from,
//! and serialises that text unchanged, so deserialising and re-serialising
//! a Graph payload reproduces it byte for byte. Values built from a parsed
//! representation (a `chrono` value, bytes, a `std::time::Duration`) get the
//! canonical text Graph itself sends (for example seven fractional digits
//! on times).
//!
//! | EDM type | Rust type | wire text |
//! | --- | --- | --- |
//! | `Edm.DateTimeOffset` | [`DateTimeOffset`] | `2016-12-31T23:58:36.6670033-08:00` |
//! | `Edm.Date` | [`Date`] | `2016-12-31` |
//! | `Edm.TimeOfDay` | [`TimeOfDay`] | `08:00:00.0000000` |
//! | `Edm.Duration` | [`Duration`] | `P1DT2H3M4.5S` |
//! | `Edm.Binary` | [`Base64Binary`] | `SGVsbG8=` |
//! | `Edm.Guid` | [`Guid`] (`uuid::Uuid`) | `4b2c1b8e-…` (lower case) |
//!
//! Equality, ordering and hashing compare parsed values, not text; each
//! type documents its exact rule.

use std::fmt;

mod binary;
mod datetime;
mod duration;

pub use binary::Base64Binary;
pub use datetime::{Date, DateTimeOffset, TimeOfDay};
pub use duration::Duration;

/// `Edm.Guid`: a UUID, serialised lower-case and hyphenated.
pub use uuid::Uuid as Guid;

/// Why a text could not be read as an EDM value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEdmError {
    type_name: &'static str,
    input: String,
    reason: String,
}

impl ParseEdmError {
    pub(crate) fn new(type_name: &'static str, input: &str, reason: impl Into<String>) -> Self {
        const MAX: usize = 64;
        let mut excerpt: String = input.chars().take(MAX).collect();
        if input.chars().nth(MAX).is_some() {
            excerpt.push('…');
        }
        ParseEdmError { type_name, input: excerpt, reason: reason.into() }
    }

    /// The EDM type that was expected, such as `Edm.DateTimeOffset`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The rejected text (its first 64 characters).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What was wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for ParseEdmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} {:?}: {}", self.type_name, self.input, self.reason)
    }
}

impl std::error::Error for ParseEdmError {}

/// Implements `Display`, `FromStr`, `AsRef<str>`, `Serialize` and
/// `Deserialize` (and, unless told `no_debug`, `Debug`) through `parse` and
/// `as_str`.
macro_rules! text_type {
    ($ty:ident, $expecting:literal) => {
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($ty)).field(&self.as_str()).finish()
            }
        }

        $crate::edm::text_type!($ty, $expecting, no_debug);
    };
    ($ty:ident, $expecting:literal, no_debug) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::edm::ParseEdmError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        $ty::parse(v).map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use text_type;

/// A cursor over ASCII text, for the hand-written EDM parsers.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Cursor { bytes: text.as_bytes(), pos: 0 }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(crate) fn is_done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Consumes `b` if it is next.
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `b`, or fails with `what`.
    pub(crate) fn expect(&mut self, b: u8, what: &str) -> Result<(), String> {
        if self.eat(b) { Ok(()) } else { Err(format!("expected {what} at byte {}", self.pos)) }
    }

    /// Consumes exactly `n` digits, or fails naming `what`.
    pub(crate) fn fixed_digits(&mut self, n: usize, what: &str) -> Result<u32, String> {
        let mut value = 0u32;
        for _ in 0..n {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(format!("expected {n} digits for the {what}")),
            }
        }
        Ok(value)
    }

    /// Consumes one or more digits, returning them.
    pub(crate) fn digits(&mut self) -> &'a [u8] {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }
}

/// The nanoseconds of a fractional-seconds digit string (digits past the
/// ninth are ignored).
pub(crate) fn fraction_nanos(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    for i in 0..9 {
        let d = digits.get(i).map_or(0, |b| u32::from(b - b'0'));
        nanos = nanos * 10 + d;
    }
    nanos
}
