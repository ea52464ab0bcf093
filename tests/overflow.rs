//! Arithmetic never overflows silently and never panics: amounts at the edges
//! of `rust_decimal`'s range (about ±7.9·10²⁸, 28 significant digits) go
//! through the contract loader, both kinds of outcome, the settlement, the
//! risk curve, what-if and every renderer. Each step either succeeds or
//! returns an error of a named kind (an overflow is `ErrorKind::Overflow`,
//! a divisor rounded to zero `ErrorKind::DivisionByZero`, each naming the
//! figure); a panic is turned into a test failure that names the
//! input (`std::panic::catch_unwind`).

use crate::common::summary;
use std::panic::{AssertUnwindSafe, catch_unwind};

use utfall::engine::{Contract, Decimal, ErrorKind, NationalIndex, Outcome, RiskCurve, WhatIf, settle};
use utfall::render::{
    Style, render_csv, render_json, render_markdown, render_risk_csv, render_risk_svg, render_text, render_whatif_csv,
    render_whatif_text,
};

use crate::common::examples::{BOTKYRKA, contract as example};
use crate::common::{d, series_of};

/// The largest decimal, `2⁹⁶ − 1`.
const MAX: &str = "79228162514264337593543950335";
/// Half of it, rounded down.
const HALF: &str = "39614081257132168796771975167";
/// 10²⁸: doubling it still fits, quadrupling it does not.
const BIG: &str = "10000000000000000000000000000";
/// 28 significant digits with a fraction.
const LONG: &str = "7922816251426433759354395033.5";
/// The smallest positive decimal.
const TINY: &str = "0.0000000000000000000000000001";
/// Shares with every digit used.
const SHARES: [&str; 4] = [
    "0.9999999999999999999999999999",
    "0.0000000000000000000000000001",
    "0.3333333333333333333333333333",
    "1",
];

/// A contract: term 2020-01 – 2020-12, measured to 2020-06 (n = 6 of N = 12,
/// so that every figure scaled to the window is computed).
fn contract(
    investment: &str,
    day_value: &str,
    contract_value: &str,
    share: &str,
    cap: &str,
    stated: Option<&str>,
) -> String {
    let stated = stated.map(|s| format!("value_share = \"{s}\"\n")).unwrap_or_default();
    format!(
        r#"name = "edge"
currency = "SEK"
investment = "{investment}"
day_value = "{day_value}"
term = {{ start = "2020-01", end = "2020-12" }}
reference = {{ start = "2019-01", end = "2019-12" }}
measurement = {{ end = "2020-06" }}
[[provider]]
name = "p"
contract_value = "{contract_value}"
outcome_share = "{share}"
cap = "{cap}"
{stated}"#
    )
}

/// Every contract of the sweep, named.
fn contracts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |i: &str, dv: &str, c: &str, r: &str, k: &str, s: Option<&str>| {
        out.push((
            format!("I={i} d={dv} C={c} r={r} k={k} s={s:?}"),
            contract(i, dv, c, r, k, s),
        ));
    };
    for i in [MAX, HALF, BIG, LONG, "1", TINY] {
        for c in [i, TINY, "1"] {
            for r in SHARES {
                add(i, "2080", c, r, "1.5", None);
            }
            for k in ["1", MAX, "1.0000000000000000000000000001", "1000000000"] {
                add(i, "2080", c, "0.5", k, None);
            }
        }
        for dv in [MAX, TINY, LONG, "1"] {
            add(i, dv, i, "0.5", "1.5", None);
        }
        for s in SHARES {
            add(i, "2080", i, "0.5", MAX, Some(s));
        }
    }
    // A term of one month: I_w = I, so the largest investments still settle.
    let one_month = |text: String| {
        text.replace("end = \"2020-12\"", "end = \"2020-01\"").replace(
            "measurement = { end = \"2020-06\" }",
            "measurement = { end = \"2020-01\" }",
        )
    };
    for i in [MAX, HALF, BIG, LONG] {
        for c in ["1", i] {
            out.push((
                format!("one month, I={i} C={c}"),
                one_month(contract(i, "2080", c, "1", "1.5", None)),
            ));
        }
    }
    out
}

/// Values of saved days to settle each contract with.
fn values(contract: &Contract) -> Vec<Decimal> {
    let i = contract.investment();
    let mut out = vec![
        Decimal::ZERO,
        Decimal::MAX,
        Decimal::MIN,
        d(TINY),
        -d(TINY),
        d(LONG),
        d(HALF),
        i,
        -i,
    ];
    out.extend(i.checked_mul(Decimal::TWO));
    out
}

/// Runs `step` and turns a panic into a failure naming `input`; an error
/// must be of a named kind in `allowed`.
fn guarded<T>(
    failures: &mut Vec<String>,
    input: &str,
    allowed: &dyn Fn(&ErrorKind) -> bool,
    step: impl FnOnce() -> Result<T, utfall::engine::Error>,
) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(step)) {
        Ok(Ok(value)) => Some(value),
        Ok(Err(e)) => {
            if !allowed(e.kind()) {
                failures.push(format!("{input}: unexpected error {:?}: {e}", e.kind()));
            }
            if e.to_string().contains('\n') {
                failures.push(format!("{input}: error of more than one line: {e}"));
            }
            None
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{input}: PANIC {message}"));
            None
        }
    }
}

/// Renders a value, turning a panic into a failure.
fn rendered(failures: &mut Vec<String>, input: &str, render: impl FnOnce() -> String) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(render)) {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        failures.push(format!("{input}: PANIC while rendering: {message}"));
    }
}

/// An overflow, or a divisor so small that it rounds to zero: amounts at the
/// edges may cause either.
fn overflow(kind: &ErrorKind) -> bool {
    matches!(kind, ErrorKind::Overflow { .. } | ErrorKind::DivisionByZero { .. })
}

/// What loading an edge contract may refuse besides an overflow: the contract
/// value above the investment, a derived share sum above 1 (never here).
fn load_error(kind: &ErrorKind) -> bool {
    overflow(kind) || matches!(kind, ErrorKind::ContractValueAboveInvestment { .. })
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn stated_values_at_the_edges_settle_or_overflow_cleanly() {
    let mut failures = Vec::new();
    let (swedish, english) = (Style::swedish(), Style::english());
    let mut settled = 0;
    for (name, text) in contracts() {
        let Some(contract) = guarded(&mut failures, &name, &load_error, || Contract::from_toml_str(&text)) else {
            continue;
        };
        for value in values(&contract) {
            for headcount in [None, Some(1), Some(u32::MAX)] {
                let input = format!("{name} V={value} h={headcount:?}");
                let outcome = guarded(&mut failures, &input, &overflow, || {
                    Outcome::from_value(&contract, value, headcount)
                });
                let Some(statement) =
                    outcome.and_then(|o| guarded(&mut failures, &input, &overflow, || settle(&contract, &o)))
                else {
                    continue;
                };
                settled += 1;
                rendered(&mut failures, &input, || {
                    render_text(&statement, &summary(&statement), &swedish)
                });
                rendered(&mut failures, &input, || {
                    render_text(&statement, &summary(&statement), &english)
                });
                rendered(&mut failures, &input, || {
                    render_markdown(&statement, &summary(&statement), &swedish)
                });
                rendered(&mut failures, &input, || render_csv(&statement));
                rendered(&mut failures, &input, || {
                    render_json(&statement, &summary(&statement)).unwrap_or_default()
                });
            }
        }
    }
    report(failures);
    assert!(
        settled > 100,
        "only {settled} settlements succeeded: the sweep tests too little"
    );
}

#[test]
fn risk_curves_and_what_if_at_the_edges_compute_or_overflow_cleanly() {
    let mut failures = Vec::new();
    let style = Style::swedish();
    for (name, text) in contracts() {
        let Some(contract) = guarded(&mut failures, &name, &load_error, || Contract::from_toml_str(&text)) else {
            continue;
        };
        for steps in [1, 40] {
            let input = format!("{name} risk curve, {steps} steps");
            if let Some(curve) = guarded(&mut failures, &input, &overflow, || RiskCurve::new(&contract, steps)) {
                rendered(&mut failures, &input, || render_risk_svg(&curve, &style));
                rendered(&mut failures, &input, || render_risk_csv(&curve));
            }
        }
        for headcount in [1, u32::MAX] {
            for step in [None, Some(d(TINY)), Some(Decimal::MAX)] {
                let input = format!("{name} what-if, h={headcount} step={step:?}");
                let zero = |kind: &ErrorKind| overflow(kind) || matches!(kind, ErrorKind::TooManySteps { .. });
                if let Some(w) = guarded(&mut failures, &input, &zero, || WhatIf::new(&contract, headcount, step)) {
                    rendered(&mut failures, &input, || render_whatif_text(&w, &style));
                    rendered(&mut failures, &input, || render_whatif_csv(&w));
                }
            }
        }
    }
    report(failures);
}

#[test]
fn monthly_data_at_the_edges_settles_or_overflows_cleanly() {
    let mut failures = Vec::new();
    let style = Style::swedish();
    let bases = [
        contract("22870000", "2080", "8405100", "0.5", "1.5", None),
        contract(MAX, MAX, MAX, "1", MAX, None),
        contract(TINY, TINY, TINY, SHARES[0], "1", None),
    ];
    let net_days = [MAX, LONG, TINY, "0", HALF];
    let headcounts = [1, 999_999_999];
    for (b, base) in bases.iter().enumerate() {
        for trend in [false, true] {
            let text = if trend {
                base.replace(
                    "measurement = { end = \"2020-06\" }",
                    "measurement = { end = \"2020-06\", trend = \"national-index\" }",
                )
            } else {
                base.clone()
            };
            let contract = Contract::from_toml_str(&text).unwrap();
            for (reference_days, window_days) in net_days.iter().flat_map(|r| net_days.iter().map(move |w| (*r, *w))) {
                for h in headcounts {
                    let reference = (1..=12).map(|m| (format!("2019-{m:02}"), reference_days));
                    let window = (1..=6).map(|m| (format!("2020-{m:02}"), window_days));
                    let series = series_of(
                        reference
                            .chain(window)
                            .map(|(month, net)| (month.parse().unwrap(), d(net), h)),
                    );
                    let indices: Vec<Option<(&str, &str)>> = if trend {
                        vec![Some((TINY, MAX)), Some((MAX, TINY)), Some(("1", "1"))]
                    } else {
                        vec![None]
                    };
                    for pair in indices {
                        let index = pair.map(|(reference, window)| {
                            let mut csv = String::from("month,index\n");
                            for m in 1..=12 {
                                csv += &format!("2019-{m:02},{reference}\n");
                            }
                            for m in 1..=6 {
                                csv += &format!("2020-{m:02},{window}\n");
                            }
                            NationalIndex::from_csv_str(&csv).unwrap()
                        });
                        let input = format!(
                            "contract {b} trend={trend} N(ref)={reference_days} N(m)={window_days} h={h} index={pair:?}"
                        );
                        let outcome = guarded(&mut failures, &input, &overflow, || {
                            Outcome::from_monthly(&contract, &series, index.as_ref())
                        });
                        if let Some(statement) =
                            outcome.and_then(|o| guarded(&mut failures, &input, &overflow, || settle(&contract, &o)))
                        {
                            rendered(&mut failures, &input, || {
                                render_text(&statement, &summary(&statement), &style)
                            });
                            rendered(&mut failures, &input, || {
                                render_json(&statement, &summary(&statement)).unwrap_or_default()
                            });
                        }
                    }
                }
            }
        }
    }
    report(failures);
}

#[test]
fn an_investment_at_the_maximum_is_an_overflow_naming_the_figure() {
    let contract = Contract::from_toml_str(&contract(MAX, "2080", "1", "0.5", "1.5", None)).unwrap();
    let outcome = Outcome::from_value(&contract, Decimal::ZERO, None).unwrap();
    let err = settle(&contract, &outcome).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Overflow { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "arithmetic overflow computing I_w: the amounts are beyond exact decimal range"
    );
}

#[test]
fn a_value_at_the_maximum_is_paid_no_more_than_the_cap() {
    let contract = Contract::from_toml_str(&contract("22870000", "2080", "8405100", "0.5", "1.5", None)).unwrap();
    let statement = settle(
        &contract,
        &Outcome::from_value(&contract, Decimal::MAX, Some(6350)).unwrap(),
    )
    .unwrap();
    // Over 6 of 12 months the cap is 1.5 · 0.5 · 8 405 100 · 6 / 12.
    assert_eq!(statement.providers()[0].outcome_payment, d("3151912.50"));
    let lost = settle(&contract, &Outcome::from_value(&contract, -d(BIG), None).unwrap()).unwrap();
    assert_eq!(lost.providers()[0].outcome_payment, Decimal::ZERO);
    // The least decimal less the window's investment is below the range.
    let err = settle(&contract, &Outcome::from_value(&contract, Decimal::MIN, None).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "arithmetic overflow computing V − I_w: the amounts are beyond exact decimal range"
    );
}

#[test]
fn a_risk_curve_of_a_huge_investment_draws_without_panicking() {
    // 2 · I fits, but 4 · 2 · I, computed for the chart's x ticks, did not:
    // the chart panicked. (Over a term of one month the curve itself fits.)
    let text = contract(HALF, "2080", "1", "1", "1.5", None)
        .replace("end = \"2020-12\"", "end = \"2020-01\"")
        .replace(
            "measurement = { end = \"2020-06\" }",
            "measurement = { end = \"2020-01\" }",
        );
    let curve = RiskCurve::new(&Contract::from_toml_str(&text).unwrap(), 1).unwrap();
    let svg = catch_unwind(|| render_risk_svg(&curve, &Style::swedish())).expect("render_risk_svg panicked");
    assert!(svg.contains("<polyline"));
}

#[test]
fn a_what_if_step_too_small_to_end_is_refused() {
    // Found writing this test: with a step of 10⁻²⁸ days the table had 10²⁸
    // rows, each a settlement: `what-if --step` never ended.
    let contract = example(BOTKYRKA);
    let err = WhatIf::new(&contract, 6350, Some(d(TINY))).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooManySteps { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("field step: step 0.0000000000000000000000000001 gives more than 1000 rows up to 1.53"),
        "{err}"
    );
    assert!(WhatIf::new(&contract, 6350, Some(d("0.01"))).is_ok());
}
