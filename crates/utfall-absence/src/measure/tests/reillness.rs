//! The re-illness rule (`docs/method.md` §6.8, [`Options::reillness_days`]):
//! a spell starting at most N days after the last one ended continues its day
//! count, whatever month, history or censoring lies between; spells still
//! count one by one.

use super::*;

/// Records measured against [`HEADCOUNT`] with detail, history and the rule.
fn with_rule(records: &str, days: Option<u32>) -> Measurement {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let options = Options {
        detail: true,
        history: true,
        reillness_days: days,
        ..Options::default()
    };
    measure_with(records, &headcount, &options).unwrap()
}

/// Hours of the whole organisation in a month, in the bands 1–14 and 15–90.
fn bands(m: &Measurement, month: &str) -> (String, String) {
    (
        hours(m, month, &Group::Total, Band::Short),
        hours(m, month, &Group::Total, Band::Middle),
    )
}

/// Records of spells of 8-hour days, `(employee, first date, days)`:
/// employee 1 in department A (F), any other in B (M).
fn spells(spells: &[(&str, &str, i32)]) -> String {
    let days = spells.iter().map(|(employee, start, days)| {
        let (department, sex) = if *employee == "1" { ("A", "F") } else { ("B", "M") };
        rows(employee, department, sex, start, *days, "8")
    });
    format!("{HEADER}{}", days.collect::<String>())
}

/// Ten days from 2020-01-01, then ten more from `second`.
fn two_spells(second: &str) -> String {
    spells(&[("1", "2020-01-01", 10), ("1", second, 10)])
}

#[test]
fn a_spell_at_most_n_days_after_the_last_continues_its_count() {
    // The first spell ends on 2020-01-10. Starting on the 15th (10 + 5), the
    // second spell's days are 11–20: 4 in 1–14, 6 in 15–90.
    let m = with_rule(&two_spells("2020-01-15"), Some(5));
    assert_eq!(bands(&m, "2020-01"), ("112".into(), "48".into()));
    // The 16th (10 + 6) is a day too late: days 1–10 again.
    let m = with_rule(&two_spells("2020-01-16"), Some(5));
    assert_eq!(bands(&m, "2020-01"), ("160".into(), "0".into()));
    // With N = 6 the 16th continues; with N = 4 the 15th does not.
    assert_eq!(bands(&with_rule(&two_spells("2020-01-16"), Some(6)), "2020-01").1, "48");
    assert_eq!(bands(&with_rule(&two_spells("2020-01-15"), Some(4)), "2020-01").1, "0");
    // Either way two spells, each of its own ten calendar days.
    for m in [
        with_rule(&two_spells("2020-01-15"), Some(5)),
        with_rule(&two_spells("2020-01-15"), None),
    ] {
        assert_eq!(m.summary().spells, 2);
        let days: Vec<i32> = m.spells().unwrap().iter().map(|s| s.days).collect();
        assert_eq!(days, [10, 10]);
    }
}

#[test]
fn without_the_rule_and_with_zero_or_one_day_nothing_changes() {
    let records = two_spells("2020-01-13");
    let off = with_rule(&records, None);
    assert_eq!(bands(&off, "2020-01"), ("160".into(), "0".into()));
    for days in [0, 1] {
        assert_eq!(with_rule(&records, Some(days)), off, "{days}");
    }
}

#[test]
fn the_count_runs_on_across_a_month_boundary_and_through_chains() {
    // Jan 20–31 are days 1–12; Feb 3–7 continue as days 13–17 (2 short, 3
    // long); Feb 10–14 as days 18–22.
    let records = spells(&[("1", "2020-01-20", 12), ("1", "2020-02-03", 5), ("1", "2020-02-10", 5)]);
    let m = with_rule(&records, Some(5));
    assert_eq!(bands(&m, "2020-01"), ("96".into(), "0".into()));
    assert_eq!(bands(&m, "2020-02"), ("16".into(), "64".into()));
    assert_eq!(m.summary().spells, 3);
}

#[test]
fn the_count_carries_past_day_ninety() {
    // 95 days to Mar 4 (days 92–95 in March), then Mar 8–10 as days 96–98:
    // all seven March days in 91 and later.
    let records = spells(&[("1", "2019-12-01", 95), ("1", "2020-03-08", 3)]);
    let m = with_rule(&records, Some(5));
    assert_eq!(hours(&m, "2020-03", &Group::Total, Band::Long), "56");
    assert_eq!(hours(&m, "2020-03", &Group::Total, Band::Short), "0");
    let off = with_rule(&records, None);
    assert_eq!(hours(&off, "2020-03", &Group::Total, Band::Short), "24");
}

#[test]
fn a_spell_in_history_carries_into_the_first_reported_month() {
    // Nov 20–30 (history) are days 1–11; Dec 3–7 continue as days 12–16.
    let records = spells(&[("1", "2019-11-20", 11), ("1", "2019-12-03", 5)]);
    let m = with_rule(&records, Some(5));
    assert_eq!(m.summary().history_hours.to_string(), "88");
    assert_eq!(bands(&m, "2019-12"), ("24".into(), "16".into()));
    assert_eq!(bands(&with_rule(&records, None), "2019-12"), ("40".into(), "0".into()));
}

#[test]
fn a_spell_continuing_a_left_censored_one_is_listed_with_it() {
    // Dec 1–3 are under way on the first date; Dec 6–7 continue their count,
    // which may be too low in the same way: their hours join left_censored.
    let records = spells(&[("1", "2019-12-01", 3), ("1", "2019-12-06", 2), ("2", "2019-12-09", 2)]);
    let m = with_rule(&records, Some(5));
    assert_eq!(m.censored()[0].centi_hours, 4000);
    // Only the spell under way on the first date counts as censored.
    assert_eq!(m.summary().censored_spells, 1);
    assert_eq!(with_rule(&records, None).censored()[0].centi_hours, 2400);
}

#[test]
fn an_earlier_first_date_seen_later_clears_a_carried_censoring() {
    // In file order employee 1 starts on Dec 2, the first date seen so far,
    // and continues on Dec 6; then employee 2's Dec 1 is the first date, and
    // employee 1's Dec 7 no longer continues a censored count.
    let interleaved = format!(
        "{HEADER}1,A,F,2019-12-02,8\n1,A,F,2019-12-03,8\n1,A,F,2019-12-06,8\n\
         2,B,M,2019-12-01,4\n1,A,F,2019-12-07,8\n"
    );
    let by_date = format!(
        "{HEADER}2,B,M,2019-12-01,4\n1,A,F,2019-12-02,8\n1,A,F,2019-12-03,8\n\
         1,A,F,2019-12-06,8\n1,A,F,2019-12-07,8\n"
    );
    let m = with_rule(&interleaved, Some(5));
    assert_eq!(m, with_rule(&by_date, Some(5)));
    assert_eq!(m.censored()[0].centi_hours, 400);
}

#[test]
fn continued_spells_still_count_one_by_one_for_repeated_absence() {
    // Four two-day spells three days apart: one run of day numbers, four spells.
    let records: String = ["2020-01-06", "2020-01-11", "2020-01-16", "2020-01-21"]
        .iter()
        .map(|start| rows("1", "A", "F", start, 2, "8"))
        .collect();
    let m = with_rule(&format!("{HEADER}{records}"), Some(5));
    assert_eq!(m.summary().spells, 4);
    let january = m
        .repeated()
        .iter()
        .find(|r| r.month.to_string() == "2020-01" && r.group == Group::Total)
        .unwrap();
    assert_eq!((january.flagged, january.inflow), (1, 1));
    assert_eq!(m.flagged().unwrap()[0].spells, 4);
}
