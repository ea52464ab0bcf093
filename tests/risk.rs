//! The risk-sharing curve and what-if as a user meets them: the SVG parsed as
//! XML with its points checked against the CSV table, the committed Botkyrka
//! chart kept up to date, what-if thresholds worked by hand. The `utfall
//! risk-curve` and `utfall what-if` command lines are in `tests/cli/risk_curve_and_what_if.rs`.

use rust_decimal::Decimal;
use utfall::engine::{Contract, RiskCurve, WhatIf};
use utfall::render::{Style, render_risk_csv, render_risk_svg, render_whatif_csv, render_whatif_text};

use crate::common::examples::{BOTKYRKA, contract};
use crate::common::{d, read, snapshot};

fn botkyrka() -> Contract {
    contract(BOTKYRKA)
}

/// The CSV table: a header and rows of columns by name.
fn table(csv_text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn svg_points_lie_on_the_curve_table() {
    let curve = RiskCurve::new(&botkyrka(), 40).unwrap();
    let svg = render_risk_svg(&curve, &Style::swedish());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let (header, rows) = table(&render_risk_csv(&curve));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let series: Vec<(String, Vec<(Decimal, Decimal)>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(|n| {
            let points = n
                .attribute("points")
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (d(x), d(y))
                })
                .collect();
            (n.attribute("data-series").unwrap().to_owned(), points)
        })
        .collect();
    let names: Vec<&str> = series.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["Aino Health: pay (A + P)", "funder: net result"]);
    let values: Vec<Decimal> = rows.iter().map(|r| d(&r[column("value")])).collect();
    let of = |name: &str| rows.iter().map(|r| d(&r[column(name)])).collect::<Vec<_>>();
    let expected = [of("Aino Health pay"), of("funder_result")];

    // One linear map for x and one for y, from two points; every point fits it
    // to a hundredth of a pixel (coordinates are written to two places).
    let (xs, ys): (Vec<_>, Vec<_>) = series[1].1.iter().copied().unzip();
    let x_per = (xs[xs.len() - 1] - xs[0]) / (values[values.len() - 1] - values[0]);
    let funder = &expected[1];
    let y_per = (ys[ys.len() - 1] - ys[0]) / (funder[funder.len() - 1] - funder[0]);
    for ((_, points), amounts) in series.iter().zip(&expected) {
        assert_eq!(points.len(), rows.len());
        for ((x, y), (v, a)) in points.iter().zip(values.iter().zip(amounts)) {
            assert!((xs[0] + (*v - values[0]) * x_per - x).abs() <= d("0.011"), "x of {v}");
            assert!(
                (ys[0] + (*a - funder[0]) * y_per - y).abs() <= d("0.011"),
                "y of {a} at {v}"
            );
        }
    }
    // The markers sit at break-even and at the cap.
    let markers: Vec<Decimal> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("marker"))
        .map(|n| d(n.attribute("data-value").unwrap()))
        .collect();
    assert_eq!(markers, [d("22870000"), d("34305000")]);
}

#[test]
fn the_curve_table_is_right_at_the_marked_points() {
    let (header, rows) = table(&render_risk_csv(&RiskCurve::new(&botkyrka(), 40).unwrap()));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |marker: &str| rows.iter().find(|r| r[column("marker")] == marker).unwrap().clone();
    // Break-even: V = I = 22 870 000; the provider gets exactly its contract value.
    let even = row("break-even");
    assert_eq!(d(&even[column("Aino Health pay")]), d("8405100"));
    assert_eq!(d(&even[column("funder_result")]), d("0"));
    // Cap: V = 1.5 · I; the provider gets A + r·k·C = 4 202 550 + 6 303 825, a 25 % premium.
    let cap = row("cap: Aino Health");
    assert_eq!(d(&cap[column("value")]), d("34305000"));
    assert_eq!(d(&cap[column("Aino Health pay")]), d("10506375"));
    assert_eq!(d(&cap[column("Aino Health result")]), d("2101275")); // 0.25 · 8 405 100
    // At twice the investment the provider is still capped.
    let last = rows.last().unwrap();
    assert_eq!(d(&last[column("value")]), d("45740000"));
    assert_eq!(d(&last[column("Aino Health pay")]), d("10506375"));
}

#[test]
fn the_committed_botkyrka_chart_is_current() {
    let curve = RiskCurve::new(&botkyrka(), 40).unwrap();
    assert_eq!(
        read("examples/botkyrka/risk-curve.svg"),
        render_risk_svg(&curve, &Style::swedish()),
        "re-run from the repository root: utfall risk-curve --contract examples/botkyrka/contract.toml --svg examples/botkyrka/risk-curve.svg --csv examples/botkyrka/risk-curve.csv"
    );
    assert_eq!(read("examples/botkyrka/risk-curve.csv"), render_risk_csv(&curve));
}

#[test]
fn botkyrka_what_if() {
    let w = WhatIf::new(&botkyrka(), 6350, None).unwrap();
    // Break-even over 17 months: 10 799 722.22 / 2 080 / 6 350 = 0.8177 days per employee.
    assert_eq!(w.thresholds[0].per_employee.round_dp(4), d("0.8177"));
    assert_eq!(w.thresholds[0].per_employee_month.round_dp(4), d("0.0481"));
    // Cap: 1.5 times that (each figure rounded once, at 16 places).
    assert!((w.thresholds[1].per_employee - w.thresholds[0].per_employee * d("1.5")).abs() <= d("0.000000000000001"));
    snapshot!(
        "botkyrka_what_if",
        "contract: examples/botkyrka/contract.toml; headcount 6 350; default step",
        render_whatif_text(&w, &Style::swedish())
    );
    let (header, rows) = table(&render_whatif_csv(&w));
    assert_eq!(header[0], "per_employee");
    assert_eq!(rows.len(), w.table.len());
    for (row, r) in rows.iter().zip(&w.table) {
        assert_eq!(d(&row[1]), r.value);
        assert_eq!(d(&row[2]), r.payments[0]);
    }
}
