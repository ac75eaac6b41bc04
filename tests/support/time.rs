//! UTC civil dates for pinned commit dates and the `{date}`/`{timestamp}` placeholders.
//!
//! Written out here (Howard Hinnant's `days_from_civil` algorithm) so the test helpers need no
//! date crate and share no code with the implementation under test.

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYYMMDD` of a Unix time, in UTC.
pub fn compact_date(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    format!("{y:04}{m:02}{d:02}")
}

/// `YYYYMMDDHHMMSS` of a Unix time, in UTC.
pub fn compact_timestamp(seconds: i64) -> String {
    let secs = seconds.rem_euclid(86_400);
    format!(
        "{}{:02}{:02}{:02}",
        compact_date(seconds),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A commit date in git's internal form: Unix seconds plus the committer's UTC offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitDate {
    /// Seconds since the Unix epoch.
    pub seconds: i64,
    /// The offset as git writes it, `+0000`, `-0800`.
    pub offset: String,
}

impl GitDate {
    /// Parses `YYYY-MM-DD` (noon UTC) or `YYYY-MM-DD HH:MM:SS ±HHMM` (local time and offset).
    pub fn parse(text: &str) -> Result<GitDate, String> {
        let bad = || format!("bad date `{text}`: want `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS +HHMM`");
        let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
        let parts: Vec<&str> = text.split(' ').collect();
        let (date, time, offset) = match parts.as_slice() {
            [date] => (*date, "12:00:00", "+0000"),
            [date, time, offset] => (*date, *time, *offset),
            _ => return Err(bad()),
        };
        let ymd: Vec<&str> = date.split('-').collect();
        let hms: Vec<&str> = time.split(':').collect();
        let ([y, mo, d], [h, mi, s]) = (ymd.as_slice(), hms.as_slice()) else {
            return Err(bad());
        };
        let sign = match offset.as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(bad()),
        };
        if offset.len() != 5 {
            return Err(bad());
        }
        let offset_seconds = sign * (num(&offset[1..3])? * 3600 + num(&offset[3..5])? * 60);
        let local =
            days_from_civil(num(y)?, num(mo)?, num(d)?) * 86_400 + num(h)? * 3600 + num(mi)? * 60 + num(s)?;
        Ok(GitDate {
            seconds: local - offset_seconds,
            offset: offset.to_owned(),
        })
    }

    /// The form `GIT_AUTHOR_DATE` takes: `<seconds> <offset>`.
    pub fn to_git(&self) -> String {
        format!("{} {}", self.seconds, self.offset)
    }
}

#[test]
fn civil_round_trips() {
    for (days, ymd) in [(0, (1970, 1, 1)), (19_362, (2023, 1, 5)), (-1, (1969, 12, 31))] {
        assert_eq!(civil_from_days(days), ymd, "{days}");
        assert_eq!(days_from_civil(ymd.0, ymd.1, ymd.2), days, "{ymd:?}");
    }
    assert_eq!(compact_timestamp(1_700_000_000), "20231114221320");
}

#[test]
fn git_dates_parse() {
    assert_eq!(
        GitDate::parse("2023-01-05").map(|d| d.to_git()),
        Ok("1672920000 +0000".to_owned())
    );
    // 20:00 in UTC-8 is 04:00 UTC the next day.
    assert_eq!(
        GitDate::parse("2023-01-05 20:00:00 -0800").map(|d| d.to_git()),
        Ok("1672977600 -0800".to_owned())
    );
    assert!(GitDate::parse("2023-01-05T20:00:00").is_err());
}
