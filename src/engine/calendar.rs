//! Federal holidays (5 U.S.C. 6103) and business-day counting.
//!
//! The legal public holidays are those of 5 U.S.C. 6103(a). A holiday that
//! falls on a Saturday is observed the Friday before, one on a Sunday the
//! Monday after (5 U.S.C. 6103(b) and Executive Order 11582). Inauguration
//! Day (6103(c)) is a holiday only for employees in the Washington area and
//! is not counted. The Monday holidays are computed under the 1971 rules, so
//! dates before 1971 are not supported.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// The `nth` (1-based) given weekday of a month.
fn nth_weekday(year: i16, month: i8, weekday: Weekday, nth: i8) -> Option<Date> {
    Date::new(year, month, 1)
        .ok()?
        .nth_weekday_of_month(nth, weekday)
        .ok()
}

/// The last given weekday of a month.
fn last_weekday(year: i16, month: i8, weekday: Weekday) -> Option<Date> {
    Date::new(year, month, 1)
        .ok()?
        .nth_weekday_of_month(-1, weekday)
        .ok()
}

/// Moves a fixed-date holiday to its observed day.
fn observed(date: Date) -> Date {
    match date.weekday() {
        Weekday::Saturday => date.yesterday().unwrap_or(date),
        Weekday::Sunday => date.tomorrow().unwrap_or(date),
        _ => date,
    }
}

/// The observed federal holidays of a year, with their names, in date order.
///
/// New Year's Day of the next year is included when it is observed on
/// 31 December of this one.
pub(crate) fn federal_holidays(year: i16) -> Vec<(Date, &'static str)> {
    let fixed = |month: i8, day: i8| Date::new(year, month, day).ok().map(observed);
    let mut days: Vec<(Option<Date>, &'static str)> = vec![
        (fixed(1, 1), "New Year's Day"),
        (
            if year >= 1986 {
                nth_weekday(year, 1, Weekday::Monday, 3)
            } else {
                None
            },
            "Birthday of Martin Luther King, Jr.",
        ),
        (
            nth_weekday(year, 2, Weekday::Monday, 3),
            "Washington's Birthday",
        ),
        (last_weekday(year, 5, Weekday::Monday), "Memorial Day"),
        (
            if year >= 2021 { fixed(6, 19) } else { None },
            "Juneteenth National Independence Day",
        ),
        (fixed(7, 4), "Independence Day"),
        (nth_weekday(year, 9, Weekday::Monday, 1), "Labor Day"),
        (nth_weekday(year, 10, Weekday::Monday, 2), "Columbus Day"),
        (fixed(11, 11), "Veterans Day"),
        (
            nth_weekday(year, 11, Weekday::Thursday, 4),
            "Thanksgiving Day",
        ),
        (fixed(12, 25), "Christmas Day"),
    ];
    if let Some(next_new_year) = year.checked_add(1).and_then(|y| Date::new(y, 1, 1).ok()) {
        days.push((Some(observed(next_new_year)), "New Year's Day"));
    }
    let mut holidays: Vec<(Date, &'static str)> = days
        .into_iter()
        .filter_map(|(date, name)| date.filter(|d| d.year() == year).map(|d| (d, name)))
        .collect();
    holidays.sort();
    holidays
}

/// The holiday observed on `date`, if any.
pub(crate) fn holiday_on(date: Date) -> Option<&'static str> {
    federal_holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, name)| name)
}

/// True for Monday to Friday days that are not observed federal holidays.
pub(crate) fn is_business_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && holiday_on(date).is_none()
}

/// The date `days` business days after `start` (the start day itself is not counted).
pub(crate) fn add_business_days(start: Date, days: u32) -> Option<Date> {
    let mut date = start;
    let mut left = days;
    while left > 0 {
        date = date.checked_add(1.day()).ok()?;
        if is_business_day(date) {
            left -= 1;
        }
    }
    Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn holidays_of_2025_match_opm() {
        let days: Vec<Date> = federal_holidays(2025).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            days,
            vec![
                date(2025, 1, 1),
                date(2025, 1, 20),
                date(2025, 2, 17),
                date(2025, 5, 26),
                date(2025, 6, 19),
                date(2025, 7, 4),
                date(2025, 9, 1),
                date(2025, 10, 13),
                date(2025, 11, 11),
                date(2025, 11, 27),
                date(2025, 12, 25),
            ]
        );
    }

    #[test]
    fn weekend_holidays_move_to_the_nearest_weekday() {
        // 4 July 2026 is a Saturday: observed Friday 3 July.
        assert_eq!(holiday_on(date(2026, 7, 3)), Some("Independence Day"));
        assert_eq!(holiday_on(date(2026, 7, 4)), None);
        // 1 January 2028 is a Saturday: observed Friday 31 December 2027.
        assert_eq!(holiday_on(date(2027, 12, 31)), Some("New Year's Day"));
        // 19 June 2022 is a Sunday: observed Monday 20 June.
        assert_eq!(
            holiday_on(date(2022, 6, 20)),
            Some("Juneteenth National Independence Day")
        );
        // Juneteenth is not a holiday before 2021.
        assert_eq!(holiday_on(date(2020, 6, 19)), None);
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        // Friday 29 August 2025 + 1 business day: Monday 1 September is Labor Day.
        assert_eq!(
            add_business_days(date(2025, 8, 29), 1),
            Some(date(2025, 9, 2))
        );
        // Wednesday 26 November 2025 + 2: Thanksgiving and the weekend are skipped.
        assert_eq!(
            add_business_days(date(2025, 11, 26), 2),
            Some(date(2025, 12, 1))
        );
        assert_eq!(
            add_business_days(date(2025, 3, 11), 0),
            Some(date(2025, 3, 11))
        );
    }
}
