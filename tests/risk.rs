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

/// The committed chart: the curve with the report's stated value of saved
/// days marked as the measured outcome.
fn botkyrka_curve() -> RiskCurve {
    RiskCurve::new(&botkyrka(), 40)
        .unwrap()
        .with_measured(&botkyrka(), d("14700000"))
        .unwrap()
}

/// A line's legend name and the CSV column it draws.
type Names = (String, String);

#[test]
fn svg_points_lie_on_the_curve_table() {
    let curve = botkyrka_curve();
    let svg = render_risk_svg(&curve, &Style::swedish());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let (header, rows) = table(&render_risk_csv(&curve));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let series: Vec<(Names, Vec<(Decimal, Decimal)>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(|n| {
            // Each line names the CSV column it draws.
            let column = n.attribute("data-column").unwrap().to_owned();
            let points = n
                .attribute("points")
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (d(x), d(y))
                })
                .collect();
            ((n.attribute("data-series").unwrap().to_owned(), column), points)
        })
        .collect();
    let names: Vec<(&str, &str)> = series.iter().map(|s| (s.0.0.as_str(), s.0.1.as_str())).collect();
    assert_eq!(
        names,
        [
            ("Aino Healths resultat", "Aino Health result"),
            ("Botkyrka kommuns nettoresultat", "funder_net_result"),
            ("projektets nettoresultat", "project_net_result")
        ]
    );
    let values: Vec<Decimal> = rows.iter().map(|r| d(&r[column("value")])).collect();
    let of = |name: &str| rows.iter().map(|r| d(&r[column(name)])).collect::<Vec<_>>();
    let expected: Vec<Vec<Decimal>> = series.iter().map(|s| of(&s.0.1)).collect();

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
    // The markers sit at break-even, at the cap and at the measured outcome.
    let markers: Vec<(&str, Decimal)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("marker"))
        .map(|n| (n.attribute("data-kind").unwrap(), d(n.attribute("data-value").unwrap())))
        .collect();
    assert_eq!(
        markers,
        [
            ("break-even", d("22870000")),
            ("cap", d("34305000")),
            ("measured", d("14700000"))
        ]
    );
    // The provider's result, the funder's and the project's net results meet
    // at zero at break-even.
    let even = rows.iter().find(|r| r[column("marker")] == "break-even").unwrap();
    for name in ["Aino Health result", "funder_net_result", "project_net_result"] {
        assert!(d(&even[column(name)]).is_zero(), "{name}");
    }
}

#[test]
fn the_chart_speaks_the_style_s_language_and_rounds_its_ticks() {
    let curve = botkyrka_curve();
    let texts = |svg: &str| -> Vec<String> {
        roxmltree::Document::parse(svg)
            .unwrap()
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().to_owned())
            .collect()
    };
    let sv = texts(&render_risk_svg(&curve, &Style::swedish()));
    for expected in [
        "Riskdelning: Arbetsmiljö och Hälsa i Fokus, Botkyrka",
        "Botkyrka kommun och Aino Health, hela projektperioden som avtalad",
        "Aino Healths resultat",
        "Botkyrka kommuns nettoresultat",
        "projektets nettoresultat",
        "nollresultat (22,87 Mkr)",
        "Aino Healths tak (34,31 Mkr)",
        "uppmätt utfall (14,70 Mkr)",
        "värdet av sparade dagar",
        "resultat",
        "0",
        "10 Mkr",
        "−30 Mkr",
    ] {
        assert!(sv.iter().any(|t| t == expected), "{expected}: {sv:?}");
    }
    let en = texts(&render_risk_svg(&curve, &Style::english()));
    for expected in [
        "Risk sharing: Arbetsmiljö och Hälsa i Fokus, Botkyrka",
        "Aino Health's result",
        "Botkyrka kommun's net result",
        "the project's net result",
        "break-even (22.87 MSEK)",
        "Aino Health's cap (34.31 MSEK)",
        "measured outcome (14.70 MSEK)",
        "value of saved days",
        "-30 MSEK",
        "50 MSEK",
    ] {
        assert!(en.iter().any(|t| t == expected), "{expected}: {en:?}");
    }
    // 4 to 8 round ticks on each axis: y from −30 to 30 Mkr by 10, x from 0
    // to 50 by 10.
    let ticks: Vec<&String> = sv.iter().filter(|t| t.ends_with(" Mkr") && !t.contains('(')).collect();
    assert_eq!(ticks.len(), 6 + 5, "{ticks:?}");
}

#[test]
fn the_curve_table_is_right_at_the_marked_points() {
    let (header, rows) = table(&render_risk_csv(&botkyrka_curve()));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |marker: &str| rows.iter().find(|r| r[column("marker")] == marker).unwrap().clone();
    // Break-even: V = I = 22 870 000; the provider gets exactly its contract value.
    let even = row("break-even");
    assert_eq!(d(&even[column("Aino Health pay")]), d("8405100"));
    assert_eq!(d(&even[column("funder_net_result")]), d("0"));
    // Cap: V = 1.5 · I; the provider gets A + r·k·C = 4 202 550 + 6 303 825, a 25 % premium.
    let cap = row("cap: Aino Health");
    assert_eq!(d(&cap[column("value")]), d("34305000"));
    assert_eq!(d(&cap[column("Aino Health pay")]), d("10506375"));
    assert_eq!(d(&cap[column("Aino Health result")]), d("2101275")); // 0.25 · 8 405 100
    // At twice the investment the provider is still capped.
    let last = rows.last().unwrap();
    assert_eq!(d(&last[column("value")]), d("45740000"));
    assert_eq!(d(&last[column("Aino Health pay")]), d("10506375"));
    // The report's 14 700 000 over the whole term: V − I = −8 170 000; the
    // provider's A + P − C and the funder's net result add up to it.
    let measured = row("measured");
    let (provider, funder) = (
        d(&measured[column("Aino Health result")]),
        d(&measured[column("funder_net_result")]),
    );
    assert_eq!(d(&measured[column("project_net_result")]), d("-8170000"));
    assert_eq!(provider + funder, d("-8170000"));
}

#[test]
fn the_committed_botkyrka_chart_is_current() {
    let curve = botkyrka_curve();
    assert_eq!(
        read("examples/botkyrka/risk-curve.svg"),
        render_risk_svg(&curve, &Style::swedish()),
        "re-run from the repository root: utfall risk-curve --contract examples/botkyrka/contract.toml --value 14700000 --svg examples/botkyrka/risk-curve.svg --csv examples/botkyrka/risk-curve.csv"
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
        // The provider's result and the funder's net result add up to the
        // project's.
        assert_eq!(d(&row[4]) + d(&row[6]), d(&row[7]), "{row:?}");
        assert_eq!(
            (d(&row[4]), d(&row[6]), d(&row[7])),
            (r.results[0], r.funder_net_result, r.project_net_result)
        );
    }
}

#[test]
fn the_window_at_the_target_from_the_monthly_series() {
    use rust_decimal::RoundingStrategy;

    use crate::common::examples::illustrative_series;
    let contract = contract("examples/illustrative/contract.toml");
    let series = illustrative_series();
    let at = WhatIf::at_target(&contract, &series, Some(d("0.12"))).unwrap();
    // By hand: for each window month, its reference month's net days per
    // employee at the window month's own headcount; every product and
    // quotient to 16 places.
    let round = |v: Decimal| v.round_dp_with_strategy(16, RoundingStrategy::MidpointNearestEven);
    let mut reference_days = Decimal::ZERO;
    for month in contract.window().iter() {
        let reference = series.get(contract.reference_month(month)).unwrap();
        let x_ref = round(reference.net_days / Decimal::from(reference.headcount));
        reference_days += round(x_ref * Decimal::from(series.get(month).unwrap().headcount));
    }
    assert_eq!(at.reference_days, reference_days);
    assert_eq!(at.saved_days, round(d("0.12") * reference_days));
    assert_eq!(at.row.value, round(at.saved_days * d("2080")));
    // The three results of method §3.12 over the window.
    let r = &at.row;
    assert_eq!(r.results[0] + r.funder_net_result, r.project_net_result);
    assert_eq!(r.project_net_result, r.value - d("10799722.2222222222222222"));

    // In the what-if: a threshold and a row of the table.
    let w = WhatIf::new(&contract, 6350, None)
        .unwrap()
        .with_target(&contract, at.clone())
        .unwrap();
    let row = w.table.iter().find(|row| row.value == at.row.value).unwrap();
    assert_eq!(row.payments, at.row.payments);
    let text = render_whatif_text(&w, &Style::swedish());
    assert!(text.contains("Vid målet: 12,0000 %"), "{text}");
    let text = render_whatif_text(&w, &Style::english());
    assert!(text.contains("At the target: 12.0000%"), "{text}");
    assert!(render_whatif_csv(&w).lines().any(|l| l.ends_with(",target")));
}
