//! Payroll exports as they come (issue 12): the edge fixture written as
//! Swedish Excel and payroll systems write it (semicolons and decimal commas,
//! Windows-1252, Swedish column names mapped by flag or config, compact dates,
//! an .xlsx workbook) must measure to exactly the files its plain comma UTF-8
//! form gives; and the monthly series likewise for `settle`.

use std::path::{Path, PathBuf};

use super::files::{fresh_dir, text};
use super::run::*;

const FIXTURE: &str = "tests/fixtures/absence/edge";

/// The Swedish names of the absence and headcount columns.
const ABSENCE_NAMES: [(&str, &str); 5] = [
    ("employee_id", "Anstnr"),
    ("department", "Avdelning"),
    ("sex", "Kön"),
    ("date", "Datum"),
    ("hours", "Timmar"),
];
const HEADCOUNT_NAMES: [(&str, &str); 4] = [
    ("month", "Månad"),
    ("department", "Avdelning"),
    ("sex", "Kön"),
    ("employees", "Anställda"),
];

/// The fixture's rows (header first), its department names given a Swedish letter.
fn rows(file: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(root(&format!("{FIXTURE}/{file}")))
        .unwrap()
        .replace("Vard och omsorg", "Vård och omsorg")
        .lines()
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

/// Every file `measure` writes for `absence` and `headcount` with `extra`
/// flags, by name, and its summary line.
fn measured(dir: &Path, absence: &Path, headcount: &Path, extra: &[&str]) -> (Vec<(String, Vec<u8>)>, String) {
    let out_dir = dir.join("out");
    let json = dir.join("measurement.json");
    let series = dir.join("series.csv");
    let mut args = owned(&[
        "--absence",
        text(absence),
        "--headcount",
        text(headcount),
        "--history",
        "--detail",
        "--out",
        text(&out_dir),
        "--json",
        text(&json),
        "--series",
        text(&series),
    ]);
    args.extend(owned(extra));
    let out = measure_cmd(&args);
    assert!(out.status.success(), "{extra:?}: {}", stderr(&out));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.extend([json, series]);
    let files = files
        .iter()
        .filter(|path| !path.ends_with(".utfall.lock"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(path).unwrap(),
            )
        })
        .collect();
    (files, summary_line(&out))
}

/// Writes `rows` joined by `separator` and `line_end`, in Windows-1252 when `latin`.
fn write(path: &Path, rows: &[Vec<String>], separator: &str, line_end: &str, latin: bool) {
    let text: String = rows.iter().map(|r| r.join(separator) + line_end).collect();
    let bytes = if latin {
        text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect()
    } else {
        text.into_bytes()
    };
    std::fs::write(path, bytes).unwrap();
}

/// `rows` with Swedish header names, dates `YYYYMMDD` or with a midnight
/// time, and hours with a decimal comma.
fn swedish(mut rows: Vec<Vec<String>>, names: &[(&str, &str)]) -> Vec<Vec<String>> {
    let header = rows[0].clone();
    for cell in rows[0].iter_mut() {
        *cell = names.iter().find(|(ours, _)| ours == cell).unwrap().1.to_owned();
    }
    for (i, row) in rows.iter_mut().enumerate().skip(1) {
        for (name, cell) in header.iter().zip(row.iter_mut()) {
            match name.as_str() {
                "date" if i % 2 == 0 => *cell = cell.replace('-', ""),
                "date" => *cell = format!("{cell} 00:00:00"),
                "hours" => *cell = cell.replace('.', ","),
                _ => {}
            }
        }
    }
    rows
}

fn mapping(names: &[(&str, &str)]) -> String {
    names
        .iter()
        .map(|(ours, theirs)| format!("{ours}={theirs}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The fixture's rows in `dir`, as plain CSV, and what `measure` makes of them:
/// the rows, the plain files' paths, their outputs and the summary line.
type Plain = (
    Vec<Vec<String>>,
    Vec<Vec<String>>,
    (PathBuf, PathBuf),
    Vec<(String, Vec<u8>)>,
    String,
);

fn plain_run(dir: &Path) -> Plain {
    let (absence, headcount) = (rows("absence.csv"), rows("headcount.csv"));
    let plain = (dir.join("absence.csv"), dir.join("headcount.csv"));
    write(&plain.0, &absence, ",", "\n", false);
    write(&plain.1, &headcount, ",", "\n", false);
    let (expected, summary) = measured(&dir.join("plain"), &plain.0, &plain.1, &[]);
    (absence, headcount, plain, expected, summary)
}

#[test]
fn swedish_exports_measure_as_the_plain_file_does() {
    let dir = fresh_dir("dialects");
    let (absence, headcount, _, expected, summary) = plain_run(&dir);
    assert!(!summary.contains("read as"), "{summary}");

    // Semicolons, decimal commas, CRLF, Windows-1252, Swedish names by flag.
    let latin = (dir.join("frånvaro.csv"), dir.join("anställda.csv"));
    write(&latin.0, &swedish(absence.clone(), &ABSENCE_NAMES), ";", "\r\n", true);
    write(
        &latin.1,
        &swedish(headcount.clone(), &HEADCOUNT_NAMES),
        ";",
        "\r\n",
        true,
    );
    let flags = [
        "--encoding",
        "windows-1252",
        "--columns",
        &mapping(&ABSENCE_NAMES),
        "--headcount-columns",
        &mapping(&HEADCOUNT_NAMES),
    ];
    let (files, summary) = measured(&dir.join("latin"), &latin.0, &latin.1, &flags);
    assert_eq!(files, expected);
    assert!(
        summary
            .contains("; frånvaro.csv read as ';'-separated, decimal comma, Windows-1252, columns employee_id=Anstnr,"),
        "{summary}"
    );

    // The same by a config file, tabs detected, UTF-8 with a byte-order mark.
    let tabs = (dir.join("tabs.tsv"), dir.join("tabs-headcount.tsv"));
    let mut swedish_absence = swedish(absence.clone(), &ABSENCE_NAMES);
    swedish_absence[0][0].insert(0, '\u{feff}');
    write(&tabs.0, &swedish_absence, "\t", "\n", false);
    write(
        &tabs.1,
        &swedish(headcount.clone(), &HEADCOUNT_NAMES),
        "\t",
        "\n",
        false,
    );
    let config = dir.join("kommun.toml");
    let table = |names: &[(&str, &str)]| -> String { names.iter().map(|(o, t)| format!("{o} = \"{t}\"\n")).collect() };
    std::fs::write(
        &config,
        format!(
            "encoding = \"utf-8\"\n[columns]\n{}[headcount.columns]\n{}",
            table(&ABSENCE_NAMES),
            table(&HEADCOUNT_NAMES)
        ),
    )
    .unwrap();
    let (files, summary) = measured(&dir.join("tabs"), &tabs.0, &tabs.1, &["--config", text(&config)]);
    assert_eq!(files, expected);
    assert!(
        summary.contains("tabs.tsv read as tab-separated, decimal comma, UTF-8"),
        "{summary}"
    );

    // A flag overrides the config: the config says windows-1252, the file is UTF-8.
    std::fs::write(&config, "encoding = \"windows-1252\"\n").unwrap();
    let swedish_plain = (dir.join("semicolon.csv"), dir.join("semicolon-headcount.csv"));
    write(&swedish_plain.0, &absence, ";", "\n", false);
    write(&swedish_plain.1, &headcount, ";", "\n", false);
    let (files, _) = measured(
        &dir.join("override"),
        &swedish_plain.0,
        &swedish_plain.1,
        &["--config", text(&config), "--encoding", "utf-8"],
    );
    assert_eq!(files, expected);
}

#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_measures_as_the_plain_file_does() {
    let dir = fresh_dir("dialects-xlsx");
    let (absence, _, plain, expected, _) = plain_run(&dir);

    // Dates as Excel dates, hours and ids as numbers, on a sheet named as a
    // Swedish export names it, after another sheet.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Info")
        .unwrap()
        .write_string(0, 0, "export")
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("Frånvaro").unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in absence.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match (r, absence[0][c as usize].as_str()) {
                (0, _) | (_, "department" | "sex") => sheet.write_string(r, c, cell).map(|_| ()),
                (_, "date") => {
                    let d: Vec<u16> = cell.split('-').map(|p| p.parse().unwrap()).collect();
                    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(d[0], d[1] as u8, d[2] as u8).unwrap();
                    sheet.write_datetime_with_format(r, c, &date, &date_format).map(|_| ())
                }
                _ => sheet.write_number(r, c, cell.parse::<f64>().unwrap()).map(|_| ()),
            }
            .unwrap();
        }
    }
    let xlsx = dir.join("frånvaro.xlsx");
    workbook.save(&xlsx).unwrap();
    let (files, summary) = measured(&dir.join("xlsx"), &xlsx, &plain.1, &["--sheet", "Frånvaro"]);
    assert_eq!(files, expected);
    assert!(
        summary.contains("; frånvaro.xlsx read as sheet \"Frånvaro\" of a workbook;"),
        "{summary}"
    );

    // An unknown sheet: one line listing the sheets; a bad cell: its sheet row.
    let args = owned(&[
        "--absence",
        text(&xlsx),
        "--headcount",
        text(&plain.1),
        "--sheet",
        "Blad1",
    ]);
    let err = one_line_error(&measure_cmd(&args), 1);
    assert!(
        err.ends_with("frånvaro.xlsx: the workbook has no sheet \"Blad1\" (its sheets: \"Info\", \"Frånvaro\")"),
        "{err}"
    );
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, name) in ["employee_id", "date", "hours"].iter().enumerate() {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    sheet.write_number(1, 0, 7).unwrap();
    sheet.write_string(1, 1, "2020-01-02").unwrap();
    sheet.write_number(1, 2, 25).unwrap();
    let bad = dir.join("bad.xlsx");
    workbook.save(&bad).unwrap();
    let args = owned(&["--absence", text(&bad), "--headcount", text(&plain.1)]);
    let err = one_line_error(&measure_cmd(&args), 1);
    assert!(
        err.ends_with("bad.xlsx (sheet \"Sheet1\"):2: field hours: \"25\" is above 24"),
        "{err}"
    );
}

#[test]
fn settle_reads_a_semicolon_series_with_decimal_commas() {
    let dir = fresh_dir("dialects-settle");
    let contract = root("examples/illustrative/contract.toml");
    let plain = root("examples/illustrative/monthly.csv");
    // Each file's separator is its own: the index stays comma-separated.
    let index = root("examples/illustrative/index.csv");
    let settle = |args: &[&str]| settle(&[&["--index", &index][..], args].concat());
    let expected = settle(&["--contract", &contract, "--monthly", &plain]);
    assert!(expected.status.success(), "{}", stderr(&expected));
    let swedish = dir.join("månad.csv");
    let text_ = std::fs::read_to_string(&plain)
        .unwrap()
        .replace(',', ";")
        .replace('.', ",");
    std::fs::write(&swedish, text_.as_bytes()).unwrap();
    let out = settle(&["--contract", &contract, "--monthly", text(&swedish)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, expected.stdout);
    let out = settle(&["--contract", &contract, "--monthly", text(&swedish), "--delimiter", ","]);
    let err = one_line_error(&out, 1);
    assert!(
        err.contains("månad.csv:1: column \"month;net_days;headcount\" is unknown"),
        "{err}"
    );
}

#[test]
fn bad_forms_are_command_line_mistakes() {
    let fixture = |f: &str| root(&format!("{FIXTURE}/{f}"));
    let base = [
        "--absence",
        &fixture("absence.csv"),
        "--headcount",
        &fixture("headcount.csv"),
    ];
    for (flags, first_line) in [
        (
            &["--columns", "employee=Anstnr"][..],
            "error: invalid value 'employee=Anstnr' for '--columns <MAP>': the column mapping names \"employee\", which absence files do not have (columns: employee_id,date,hours or employee_id,from,to,extent, and optionally department,sex)",
        ),
        (
            &["--delimiter", "|"],
            "error: invalid value '|' for '--delimiter <SEP>': \"|\" is not a separator: write ',', ';' or tab",
        ),
        (
            &["--encoding", "ascii"],
            "error: invalid value 'ascii' for '--encoding <ENCODING>': \"ascii\" is not an encoding: write utf-8 or windows-1252 (iso-8859-1 is read as windows-1252)",
        ),
    ] {
        command_line_mistake(&measure_cmd(&[&base[..], flags].concat()), first_line);
    }
    let out = measure_cmd(&[&base[..], &["--columns", "employee_id=Anstnr"]].concat());
    let err = one_line_error(&out, 1);
    assert!(
        err.ends_with(
            "absence.csv:1: the header has no column \"Anstnr\", which the column mapping gives for employee_id"
        ),
        "{err}"
    );
}
