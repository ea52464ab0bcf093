//! The statement workbook's *Calculation* sheet holds live formulas. Here they
//! are read back (each cached result is the engine's figure, and there are as
//! many as the sheet's rows call for), and then recalculated by a real
//! spreadsheet engine, LibreOffice, after every cached result was taken out
//! of the file: each recalculated figure must be the engine's, to the öre
//! (shares within a billionth, relatively).
//!
//! LibreOffice runs headless (`soffice --convert-to xlsx`) with a profile of
//! its own that recalculates an Excel file on load. Without `soffice` the
//! recalculation test says `SKIPPED` and passes, except under `CI=true`,
//! where it fails: CI installs `libreoffice-calc`.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx};
use rust_decimal::{Decimal, RoundingStrategy};
use utfall::engine::{Contract, Month, Outcome, Statement, Unit, settle};
use utfall::render::{Style, render_xlsx};

use super::statement_xlsx::text_at;
use crate::common::contracts::SmallContract;
use crate::common::examples::{BOTKYRKA, BOTKYRKA_STATED_SHARE, contract, illustrative};
use crate::common::{d, series_of};

/// A statement, and how many formulas its *Calculation* sheet has.
struct Fixture {
    name: &'static str,
    statement: Statement,
    formulas: usize,
}

/// Formulas of the window's three figures (`I_w`, `V − I_w`, `I_w / d`) and
/// the funder's four (`Σ P`, `V − Σ P`, the part it runs, its net result).
const WINDOW_AND_FUNDER: usize = 3 + 4;
/// A provider's formulas with the share `r · C / I`: the share, the cap value,
/// the counted value, the payment before rounding, its cap, the payment, the
/// fee, the pay, the contract value over the window and the result, then the
/// fee and the pay over the whole term.
const DERIVED_PROVIDER: usize = 10 + 2;
/// With a stated share: the share implied and the difference instead of the
/// share (an input then).
const STATED_PROVIDER: usize = 11 + 2;
/// `S = Σ S(m)` over the *Months* sheet and `V = S · d`.
const MONTHLY_VALUE: usize = 2;

/// Botkyrka under the contract at `relative` settled on the value `value`.
fn botkyrka_at(relative: &str, value: &str) -> Statement {
    let contract = contract(relative);
    settle(
        &contract,
        &Outcome::from_value(&contract, d(value), Some(6350)).unwrap(),
    )
    .unwrap()
}

/// Two providers, one with a stated share and amounts with fractions of öre
/// in its fee, on a term extended by an amendment.
fn extended_with_two_providers() -> Statement {
    let text = SmallContract::with(
        "\n[[provider]]\nname = \"Q\"\ncontract_value = \"333.37\"\noutcome_share = \"0.3\"\ncap = \"1.2\"\nvalue_share = \"0.05\"\n\n[[amendment]]\nagreed = \"2020-10\"\nterm_end = \"2021-03\"\n",
    );
    let contract = Contract::from_toml_str(&text).unwrap();
    assert!(contract.is_extended());
    settle(&contract, &Outcome::from_value(&contract, d("1000.37"), None).unwrap()).unwrap()
}

/// A monthly outcome whose day value and share amendments change within the
/// window: `V = Σ S(m) · d(m)` is then a number on the sheet, not a formula,
/// and `s`, weighted by month, an input.
fn amended_within_the_window() -> Statement {
    let text = SmallContract {
        term_end: "2020-06",
        after: "[[amendment]]\nagreed = \"2020-02\"\nfrom = \"2020-04\"\nday_value = \"20\"\n\n[[amendment]]\nagreed = \"2020-03\"\nfrom = \"2020-05\"\nprovider = \"P\"\nvalue_share = \"0.5\"\n",
        ..SmallContract::default()
    }
    .toml();
    let contract = Contract::from_toml_str(&text).unwrap();
    let month = |text: String| -> Month { text.parse().unwrap() };
    let reference = (1..=12).map(|m| (month(format!("2019-{m:02}")), d("100"), 10));
    let term = (1..=6).map(|m| (month(format!("2020-{m:02}")), d("60.125"), 10));
    let series = series_of(reference.chain(term));
    settle(&contract, &Outcome::from_monthly(&contract, &series, None).unwrap()).unwrap()
}

fn fixtures() -> Vec<Fixture> {
    let one = WINDOW_AND_FUNDER + DERIVED_PROVIDER;
    vec![
        Fixture {
            name: "botkyrka",
            statement: botkyrka_at(BOTKYRKA, "14700000"),
            formulas: one,
        },
        Fixture {
            name: "botkyrka-stated-share",
            statement: botkyrka_at(BOTKYRKA_STATED_SHARE, "14700000"),
            formulas: WINDOW_AND_FUNDER + STATED_PROVIDER,
        },
        Fixture {
            name: "illustrative-monthly",
            statement: illustrative(),
            formulas: one + MONTHLY_VALUE,
        },
        Fixture {
            name: "botkyrka-above-the-cap",
            statement: botkyrka_at(BOTKYRKA, "40000000"),
            formulas: one,
        },
        Fixture {
            name: "botkyrka-negative",
            statement: botkyrka_at(BOTKYRKA, "-5000000"),
            formulas: one,
        },
        Fixture {
            name: "extended-two-providers",
            statement: extended_with_two_providers(),
            formulas: WINDOW_AND_FUNDER + DERIVED_PROVIDER + STATED_PROVIDER,
        },
        Fixture {
            name: "amended-within-the-window",
            statement: amended_within_the_window(),
            // s = 13/36 at 16 places puts the cap at 649.99999999999998: the
            // payment, 649.99, is given as a number (a spreadsheet says 650.00).
            formulas: WINDOW_AND_FUNDER + STATED_PROVIDER - 1,
        },
    ]
}

/// The workbook's parts: each file's name and bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The workbook with every formula's cached result (`<f>…</f><v>…</v>`)
/// taken out, and the number of formulas in each sheet's XML.
fn blank_cached_results(bytes: &[u8]) -> (Vec<u8>, Vec<(String, usize)>) {
    let mut counts = Vec::new();
    let parts: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .map(|(name, content)| {
            if !(name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml")) {
                return (name, content);
            }
            let xml = String::from_utf8(content).unwrap();
            let mut out = String::with_capacity(xml.len());
            let mut rest = xml.as_str();
            let mut count = 0;
            while let Some(start) = rest.find("<f>") {
                let end = start + rest[start..].find("</f>").unwrap() + "</f>".len();
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                let value = rest.strip_prefix("<v>").expect("a formula has a cached result");
                let close = value.find("</v>").unwrap();
                rest = &value[close + "</v>".len()..];
                count += 1;
            }
            out.push_str(rest);
            counts.push((name.clone(), count));
            (name, out.into_bytes())
        })
        .collect();
    (rezip(&parts), counts)
}

/// `soffice` on the `PATH`, if it is there.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("soffice"))
        .find(|candidate| candidate.is_file())
}

/// A LibreOffice profile that recalculates every formula of an Excel file
/// when it loads it (by default it keeps the cached results).
const RECALCULATE_ON_LOAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// Opens each of `inputs` in LibreOffice with a fresh profile in `dir`, which
/// recalculates it, and saves it as xlsx into `dir/out`; gives back the paths
/// of the saved workbooks, in the order of `inputs`.
fn recalculate(soffice: &Path, dir: &Path, inputs: &[PathBuf]) -> Vec<PathBuf> {
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(profile.join("user/registrymodifications.xcu"), RECALCULATE_ON_LOAD).unwrap();
    let out = dir.join("out");
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--nolockcheck"])
        .args(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir"])
        .arg(&out)
        .args(inputs)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(300) {
            child.kill().unwrap();
            panic!("soffice took more than 300 s to convert {} workbooks", inputs.len());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = child.wait_with_output().unwrap();
    assert!(
        status.success(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    inputs
        .iter()
        .map(|input| {
            let saved = out.join(input.file_name().unwrap());
            assert!(
                saved.is_file(),
                "soffice wrote no {}: {}",
                saved.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            saved
        })
        .collect()
}

/// The engine's figure for the *Calculation* sheet's row named `name` (the
/// workbook name of its cell) from the statement line `from`: the line's
/// result and unit, or for a figure the statement has no line for yet, the
/// figure computed here from the lines.
fn expected(statement: &Statement, name: &str, from: &str) -> (Decimal, Unit) {
    if let Ok(line) = statement.line(from) {
        return (line.result, line.unit);
    }
    let window = |key: &str, p: &str| statement.figure(&format!("provider[{p}].{key}")).unwrap();
    let names: Vec<&str> = statement.providers().iter().map(|p| p.name.as_str()).collect();
    let runs = names
        .iter()
        .fold(statement.figure("window.investment").unwrap(), |acc, p| {
            acc - window("contract_value_window", p)
        });
    let figure = match name {
        "FunderRuns" => runs,
        "FunderNetResult" => names
            .iter()
            .fold(statement.outcome().value() - runs, |acc, p| acc - window("total", p)),
        _ => {
            let index: usize = name.strip_prefix("Result_").expect(name).parse().unwrap();
            let p = names[index - 1];
            window("total", p) - window("contract_value_window", p)
        }
    };
    (figure, Unit::Money)
}

/// A number a spreadsheet computed, as the shortest decimal that reads back
/// as it.
fn decimal(number: f64) -> Decimal {
    number.to_string().parse().unwrap()
}

/// `got`, a spreadsheet's number, is `exact` for a reader: the same to the öre
/// (money, days), within a billionth relatively (shares), exactly (months).
fn assert_figure(got: f64, exact: Decimal, unit: Unit, what: &str) {
    let got = decimal(got);
    match unit {
        Unit::Share | Unit::Index | Unit::DaysPerEmployee => {
            let tolerance = exact.abs() * Decimal::new(1, 9);
            assert!((got - exact).abs() <= tolerance, "{what}: {got} is not {exact}");
        }
        Unit::Months | Unit::Employees => assert_eq!(got, exact, "{what}"),
        _ => {
            let ore = |x: Decimal| x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(ore(got), ore(exact), "{what}: {got} is not {exact} to the öre");
        }
    }
}

/// The *Calculation* sheet's formulas of `book`, checked against the engine's
/// figures: each result (cached or recalculated) is the engine's figure and
/// the exact column holds its decimal. Gives back how many there are.
fn check_formulas<R: Read + std::io::Seek>(book: &mut Xlsx<R>, statement: &Statement, fixture: &str) -> usize {
    let sheet = book.sheet_names().get(1).cloned().unwrap();
    assert!(sheet == "Calculation" || sheet == "Beräkning", "{fixture}: {sheet}");
    let values = book.worksheet_range(&sheet).unwrap();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    let (top, left) = formulas.start().unwrap();
    let mut formula_rows = Vec::new();
    for (row, col, formula) in formulas.used_cells() {
        if formula.is_empty() {
            continue;
        }
        // used_cells counts from the range's start.
        let (row, col) = (top + u32::try_from(row).unwrap(), left + u32::try_from(col).unwrap());
        assert_eq!(col, 2, "{fixture}: a formula outside the value column: {formula}");
        let name = text_at(&values, row, 1);
        let from = text_at(&values, row, 5);
        let what = format!("{fixture}: {name} = {formula} ({from})");
        let (exact, unit) = expected(statement, &name, &from);
        assert_eq!(text_at(&values, row, 4), exact.to_string(), "{what}");
        let got = match values.get_value((row, col)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            other => panic!("{what}: the result is {other:?}"),
        };
        assert_figure(got, exact, unit, &what);
        formula_rows.push(row);
    }
    // The numbers given: each the exact decimal beside it, and, where it is
    // a statement line's (`from` starts with the line's id), that line's.
    for row in 0..=values.end().unwrap().0 {
        let name = text_at(&values, row, 1);
        let Some(Data::Float(number)) = values.get_value((row, 2)) else {
            continue;
        };
        if formula_rows.contains(&row) {
            continue;
        }
        let from = text_at(&values, row, 5);
        let exact: Decimal = text_at(&values, row, 4).parse().unwrap();
        let what = format!("{fixture}: {name} ({from})");
        let id = from.split(';').next().unwrap();
        let unit = match statement.line(id) {
            Ok(line) => {
                assert_eq!(line.result, exact, "{what}");
                line.unit
            }
            Err(_) => Unit::Share,
        };
        assert_figure(*number, exact, unit, &what);
        // A rounded figure given as a number says why.
        if name.starts_with("Payment_") || name.starts_with("Fee") {
            assert_ne!(from, id, "{what}");
        }
    }
    formula_rows.len()
}

/// The *Summary* sheet's formulas (`=Payment_1`, over the *Calculation*
/// sheet's names) of `book`: each result, cached or recalculated, is the
/// figure `expected` has at the same cell, to the öre. Gives back how many
/// there are.
fn check_summary<R: Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    expected: &calamine::Range<Data>,
    fixture: &str,
) -> usize {
    let sheet = book.sheet_names().first().cloned().unwrap();
    assert!(sheet == "Summary" || sheet == "Sammanfattning", "{fixture}: {sheet}");
    let values = book.worksheet_range(&sheet).unwrap();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    let (top, left) = formulas.start().unwrap();
    let mut count = 0;
    for (row, col, formula) in formulas.used_cells() {
        if formula.is_empty() {
            continue;
        }
        let at = (top + u32::try_from(row).unwrap(), left + u32::try_from(col).unwrap());
        let number = |range: &calamine::Range<Data>| match range.get_value(at) {
            Some(Data::Float(f)) => decimal(*f),
            Some(Data::Int(i)) => Decimal::from(*i),
            other => panic!("{fixture}: {formula} at {at:?} is {other:?}"),
        };
        let ore = |x: Decimal| x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(ore(number(&values)), ore(number(expected)), "{fixture}: {formula}");
        count += 1;
    }
    count
}

/// The summary's formulas: two per row of the funder (pays, keeps), one for
/// the part it runs, two for each provider's fee, payment and pay, and one
/// for each result over the window.
fn summary_formulas(statement: &Statement) -> usize {
    let providers = statement.providers().len();
    2 + 2 + 1 + 6 * providers + 1 + providers + 1
}

/// The workbook of `statement` in English (`Calculation`, `Summary`), or, with
/// `swedish`, in Swedish (`Beräkning`, `Sammanfattning`).
fn workbook_of(statement: &Statement, swedish: bool) -> Vec<u8> {
    let style = if swedish { Style::swedish() } else { Style::english() };
    render_xlsx(statement, &crate::common::summary(statement), &style).unwrap()
}

/// Without recalculating: the *Summary* sheet comes first, the
/// *Calculation* sheet second and holds the expected number of formulas,
/// each caching the engine's figure, and no other sheet holds a formula.
#[test]
fn the_calculation_sheet_caches_the_engine_figures() {
    for (fixture, swedish) in fixtures().iter().flat_map(|f| [(f, false), (f, true)]) {
        let bytes = workbook_of(&fixture.statement, swedish);
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
        let first = if swedish { "Sammanfattning" } else { "Summary" };
        assert_eq!(book.sheet_names().first().map(String::as_str), Some(first));
        let count = check_formulas(&mut book, &fixture.statement, fixture.name);
        assert_eq!(count, fixture.formulas, "{}", fixture.name);
        let summary = book.worksheet_range(first).unwrap();
        let in_summary = check_summary(&mut book, &summary, fixture.name);
        assert_eq!(in_summary, summary_formulas(&fixture.statement), "{}", fixture.name);
        let (blank, counts) = blank_cached_results(&bytes);
        let total: usize = counts.iter().map(|(_, c)| c).sum();
        assert_eq!(total, fixture.formulas + in_summary, "{}: {counts:?}", fixture.name);
        // The Summary and Calculation sheets are the first two sheets' XML;
        // the others have none.
        assert!(
            counts
                .iter()
                .all(|(name, c)| *c == 0 || name == "xl/worksheets/sheet1.xml" || name == "xl/worksheets/sheet2.xml")
        );
        // Blanked, a reader that does not recalculate finds no results.
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(blank)).unwrap();
        let sheet = book.sheet_names().get(1).cloned().unwrap();
        let values = book.worksheet_range(&sheet).unwrap();
        let formulas = book.worksheet_formula(&sheet).unwrap();
        let (top, left) = formulas.start().unwrap();
        for (row, col, formula) in formulas.used_cells() {
            let at = (top + u32::try_from(row).unwrap(), left + u32::try_from(col).unwrap());
            if !formula.is_empty() {
                assert!(
                    matches!(values.get_value(at), None | Some(Data::Empty)),
                    "{}: {formula} kept a result",
                    fixture.name
                );
            }
        }
    }
}

/// The figures computed in a real spreadsheet, LibreOffice, from the inputs
/// alone: the cached results are taken out first.
#[test]
fn libreoffice_recalculates_the_engine_figures() {
    let Some(soffice) = soffice() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "soffice not found: CI needs LibreOffice (apt-get install -y --no-install-recommends libreoffice-calc)"
        );
        eprintln!("SKIPPED: libreoffice_recalculates_the_engine_figures: soffice not found");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("xlsx-recalc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let fixtures = fixtures();
    // Each fixture in English, and Botkyrka's also in Swedish (its sheets
    // and names quoted: `'Beräkning'!$C$5`).
    let cases: Vec<(&Fixture, bool)> = fixtures
        .iter()
        .map(|f| (f, false))
        .chain(fixtures.first().map(|f| (f, true)))
        .collect();
    let inputs: Vec<PathBuf> = cases
        .iter()
        .map(|(fixture, swedish)| {
            let (blank, _) = blank_cached_results(&workbook_of(&fixture.statement, *swedish));
            let language = if *swedish { "sv" } else { "en" };
            let path = dir.join("in").join(format!("{}-{language}.xlsx", fixture.name));
            std::fs::write(&path, blank).unwrap();
            path
        })
        .collect();
    let outputs = recalculate(&soffice, &dir, &inputs);
    for ((fixture, swedish), output) in cases.iter().zip(outputs) {
        let mut book: Xlsx<_> = calamine::open_workbook(&output).unwrap();
        let count = check_formulas(&mut book, &fixture.statement, fixture.name);
        assert_eq!(count, fixture.formulas, "{}: formulas after LibreOffice", fixture.name);
        // The summary's figures, recalculated, are those the engine wrote.
        let mut engine: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(workbook_of(&fixture.statement, *swedish))).unwrap();
        let first = engine.sheet_names().first().cloned().unwrap();
        let expected = engine.worksheet_range(&first).unwrap();
        let in_summary = check_summary(&mut book, &expected, fixture.name);
        assert_eq!(
            in_summary,
            summary_formulas(&fixture.statement),
            "{}: summary after LibreOffice",
            fixture.name
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
