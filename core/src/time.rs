//! Timestamps on the wire and in storage.
//!
//! Every timestamp is UTC, written as RFC 3339 with exactly three fractional digits
//! (`2026-12-04T10:00:00.000Z`). A fixed width keeps string order equal to time order,
//! which the IndexedDB `created_at` index and SQLite both rely on.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Formats a time the way Orderly stores and sends it.
pub fn format(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `#[serde(with = "orderly_core::time")]` for a `DateTime<Utc>` field.
pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(at))
}

/// Accepts any RFC 3339 time and converts it to UTC.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(serde::de::Error::custom)
}

/// `#[serde(default, with = "orderly_core::time::option")]` for an optional time.
pub mod option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => super::serialize(at, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                DateTime::parse_from_rfc3339(&text)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn fixed_width_keeps_string_order_equal_to_time_order() {
        let whole = Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap();
        let later = whole + chrono::Duration::milliseconds(123);
        assert_eq!(format(&whole), "2026-12-04T10:00:00.000Z");
        assert_eq!(format(&later), "2026-12-04T10:00:00.123Z");
        assert!(format(&whole) < format(&later));
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(with = "crate::time")]
            at: DateTime<Utc>,
        }
        let t: T = serde_json::from_str(r#"{"at":"2026-12-04T18:00:00+08:00"}"#).unwrap();
        assert_eq!(format(&t.at), "2026-12-04T10:00:00.000Z");
    }
}
