//! UTC calendar arithmetic for the date parts of versions (`d20231114`, calendar versions).
//!
//! Only what the schemes need: seconds since the Unix epoch to a UTC civil date and time, and
//! back from a civil date. No time zones: every date in a version is UTC, as in setuptools_scm.

use std::fmt;

/// A point in time: seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time from the system clock.
    #[must_use]
    pub fn now() -> Self {
        let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(elapsed) => i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Timestamp(secs)
    }

    /// The UTC calendar date of this instant.
    #[must_use]
    pub fn date(self) -> Date {
        Date::from_days(self.0.div_euclid(86_400))
    }

    /// `YYYYMMDDhhmmss` in UTC, as setuptools_scm's `node-and-timestamp` prints it.
    #[must_use]
    pub fn compact_datetime(self) -> String {
        let secs = self.0.rem_euclid(86_400);
        format!(
            "{}{:02}{:02}{:02}",
            self.date().compact(),
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
}

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. `2023`.
    pub year: i64,
    /// The month, `1..=12`.
    pub month: u32,
    /// The day of the month, `1..=31`.
    pub day: u32,
}

impl Date {
    /// The date, if `year`-`month`-`day` exists in the calendar (`2023-02-29` does not).
    #[must_use]
    pub fn new(year: i64, month: u32, day: u32) -> Option<Self> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap_year(year) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    fn from_days(days: i64) -> Self {
        // Shift the epoch to 0000-03-01 so that the leap day ends each 400-year era.
        let shifted = days + 719_468;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted.rem_euclid(146_097);
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        // The arithmetic above keeps month in 1..=12 and day in 1..=31.
        Date {
            year,
            month: month as u32,
            day: day as u32,
        }
    }

    /// `YYYYMMDD`, as in setuptools_scm's `d20231114` dirty marker.
    #[must_use]
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2023-11-14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_known_timestamps() {
        // Reference values from `date -u -d @<secs>`.
        let rows = [
            (0, "1970-01-01", "19700101000000"),
            (1_700_000_000, "2023-11-14", "20231114221320"),
            (951_782_400, "2000-02-29", "20000229000000"),
            (-1, "1969-12-31", "19691231235959"),
            (4_107_542_400, "2100-03-01", "21000301000000"),
        ];
        for (secs, date, compact) in rows {
            let ts = Timestamp(secs);
            assert_eq!(ts.date().to_string(), date, "{secs}");
            assert_eq!(ts.compact_datetime(), compact, "{secs}");
        }
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert_eq!(Date::new(2023, 2, 29), None);
        assert!(Date::new(2024, 2, 29).is_some());
        assert_eq!(Date::new(2100, 2, 29), None);
        assert_eq!(Date::new(2023, 13, 1), None);
        assert_eq!(Date::new(2023, 4, 31), None);
    }
}
