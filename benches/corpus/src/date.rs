//! Calendar arithmetic in UTC, and the spread of article dates over a fixed
//! window in the past.

use crate::rng::Rng;

/// Seconds since 1970-01-01T00:00:00Z.
pub type Time = i64;

const DAY: i64 = 86_400;

/// The first second of the publication window: 2015-01-01T00:00:00Z.
pub fn window_start() -> Time {
    days_from_civil(2015, 1, 1) * DAY
}

/// The first second after the window: 2026-01-01T00:00:00Z, so the last
/// article is dated 2025-12-31 at the latest.
pub fn window_end() -> Time {
    days_from_civil(2026, 1, 1) * DAY
}

/// Article `i` of `n`: the window cut into `n` equal steps, each article at a
/// random second of its own step. Dates therefore strictly increase with `i`
/// (while a step is at least a second, i.e. up to about 347 million
/// articles) and all lie in the window, whatever `n` is.
pub fn article_time(rng: &mut Rng, i: usize, n: usize) -> Time {
    let step = (window_end() - window_start()) / n.max(1) as i64;
    let jitter = if step > 0 {
        rng.below(step as u64) as i64
    } else {
        0
    };
    window_start() + i as i64 * step + jitter
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number, as (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `2019-03-07T14:05:09Z`.
pub fn rfc3339(t: Time) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// `2019-03-07`.
pub fn ymd(t: Time) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whole days, as seconds.
pub fn days(n: i64) -> Time {
    n * DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(ymd(days_from_civil(2024, 2, 29) * DAY), "2024-02-29");
        for z in -1000..30_000 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn dates_stay_in_the_window_and_increase_at_any_size() {
        for n in [1, 2, 120, 1000, 100_000, 10_000_000] {
            let mut rng = Rng::new(n as u64);
            let mut last = window_start() - 1;
            let mut some: Vec<usize> = (0..n).step_by((n / 5000).max(1)).collect();
            if some.last() != Some(&(n - 1)) {
                some.push(n - 1);
            }
            for i in some {
                let t = article_time(&mut rng, i, n);
                assert!(t > last, "n={n} i={i}");
                assert!(t >= window_start() && t < window_end(), "n={n} i={i}");
                last = t;
            }
            assert!(rfc3339(last).as_str() < "2026", "n={n}");
        }
    }
}
