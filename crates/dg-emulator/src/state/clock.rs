//! Wall-clock timestamps as Deepgram writes them: UTC, RFC 3339, millisecond precision.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

/// A UTC instant truncated to milliseconds, so that what is shown is exactly what is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timestamp(OffsetDateTime);

impl Timestamp {
    pub(crate) fn now() -> Self {
        Self::truncated(OffsetDateTime::now_utc())
    }

    /// Parses any RFC 3339 date-time (with any offset) into UTC.
    pub(crate) fn parse_rfc3339(text: &str) -> Option<Self> {
        OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(|t| Self::truncated(t.to_offset(UtcOffset::UTC)))
    }

    /// `None` when the result leaves the years RFC 3339 can write (0000–9999).
    pub(crate) fn plus_seconds(self, seconds: f64) -> Option<Self> {
        let later = self
            .0
            .checked_add(Duration::checked_seconds_f64(seconds)?)?;
        (0..=9999)
            .contains(&later.year())
            .then(|| Self::truncated(later))
    }

    /// The instant `t` (converted to UTC).
    pub(crate) fn from_datetime(t: OffsetDateTime) -> Self {
        Self::truncated(t.to_offset(UtcOffset::UTC))
    }

    /// Its UTC date, `YYYY-MM-DD`.
    pub(crate) fn date(self) -> time::Date {
        self.0.date()
    }

    pub(crate) fn is_past(self) -> bool {
        self <= Self::now()
    }

    fn truncated(t: OffsetDateTime) -> Self {
        Self(
            t.replace_nanosecond(t.millisecond() as u32 * 1_000_000)
                .unwrap_or(t),
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_rfc3339(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 date-time: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_converted_to_utc_and_written_with_milliseconds() {
        let t = Timestamp::parse_rfc3339("2030-01-02T03:04:05.678912+02:00").unwrap();
        assert_eq!(t.to_string(), "2030-01-02T01:04:05.678Z");
        assert_eq!(Timestamp::parse_rfc3339(&t.to_string()), Some(t));
    }

    #[test]
    fn rejects_what_is_not_rfc_3339() {
        assert_eq!(Timestamp::parse_rfc3339("2030-01-02"), None);
        assert_eq!(Timestamp::parse_rfc3339("tomorrow"), None);
    }

    #[test]
    fn adding_past_year_9999_is_refused() {
        let now = Timestamp::now();
        assert!(now.plus_seconds(1e12).is_none());
        assert!(now.plus_seconds(60.0).unwrap() > now);
    }
}
