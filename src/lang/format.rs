//! Dates and numbers as readers of a language write them, through ICU4X
//! and its compiled CLDR data: "September 19, 2024", "19 سبتمبر 2024",
//! "2024年9月19日"; "1,234", "١٬٢٣٤". The Gregorian calendar always, as
//! newsrooms date their stories whatever their language.

use std::cell::RefCell;

use icu::calendar::Gregorian;
use icu::datetime::fieldsets::YMD;
use icu::datetime::input::Date;
use icu::datetime::FixedCalendarDateTimeFormatter;
use icu::decimal::input::Decimal;
use icu::decimal::DecimalFormatter;
use icu::locale::Locale;
use rustc_hash::FxHashMap;

/// The formatters of one language, made once per thread: making one loads
/// its patterns, which costs more than formatting a thousand dates.
struct Formatters {
    date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    number: Option<DecimalFormatter>,
    plurals: Option<icu::plurals::PluralRules>,
}

impl Formatters {
    fn new(language: &str) -> Formatters {
        let locale: Locale = language.parse().unwrap_or(icu::locale::locale!("en"));
        Formatters {
            date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            number: DecimalFormatter::try_new((&locale).into(), Default::default()).ok(),
            plurals: icu::plurals::PluralRules::try_new_cardinal((&locale).into()).ok(),
        }
    }
}

thread_local! {
    static FORMATTERS: RefCell<FxHashMap<String, Formatters>> = RefCell::default();
}

fn with<T>(language: &str, f: impl FnOnce(&Formatters) -> T) -> T {
    FORMATTERS.with(|all| {
        let mut all = all.borrow_mut();
        let formatters = all
            .entry(language.to_string())
            .or_insert_with(|| Formatters::new(language));
        f(formatters)
    })
}

/// A day in the long form of `language`: "September 19, 2024".
pub fn date(language: &str, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let fallback = || day.format("%B %-d, %Y").to_string();
    let Ok(month) = u8::try_from(day.month()) else {
        return fallback();
    };
    let Ok(input) = Date::try_new_gregorian(day.year(), month, day.day() as u8) else {
        return fallback();
    };
    with(language, |f| match &f.date {
        Some(formatter) => formatter.format(&input).to_string(),
        None => fallback(),
    })
}

/// A whole number with the digits and grouping of `language`: "1,234", "١٬٢٣٤".
pub fn number(language: &str, n: i64) -> String {
    with(language, |f| match &f.number {
        Some(formatter) => formatter.format(&Decimal::from(n)).to_string(),
        None => n.to_string(),
    })
}

/// The CLDR plural category of a count in `language`, which picks the
/// form of the words around it: `one` or `other` in English, `zero`, `one`,
/// `two`, `few`, `many` or `other` in Arabic, always `other` in Chinese.
pub fn plural_category(language: &str, n: i64) -> &'static str {
    use icu::plurals::PluralCategory as C;
    let english = || if n == 1 { "one" } else { "other" };
    with(language, |f| match &f.plurals {
        Some(rules) => match rules.category_for(n) {
            C::Zero => "zero",
            C::One => "one",
            C::Two => "two",
            C::Few => "few",
            C::Many => "many",
            C::Other => "other",
        },
        None => english(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_categories_follow_cldr() {
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("en", 0), "other");
        let arabic: Vec<_> = [0, 1, 2, 3, 11, 100]
            .map(|n| plural_category("ar", n))
            .into();
        assert_eq!(arabic, ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(plural_category("zh", 1), "other");
    }

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2024, 9, 19).unwrap()
    }

    #[test]
    fn english_dates_read_as_they_always_have() {
        assert_eq!(date("en", day()), "September 19, 2024");
    }

    #[test]
    fn dates_follow_the_language() {
        assert!(
            date("ar", day()).contains("سبتمبر"),
            "{}",
            date("ar", day())
        );
        assert_eq!(date("zh", day()), "2024年9月19日");
        assert_eq!(date("es", day()), "19 de septiembre de 2024");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number("en", 1234), "1,234");
        assert_eq!(number("es", 12), "12");
    }
}
