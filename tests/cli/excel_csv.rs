//! `--csv excel-sv`: CSV for Excel set to Swedish, from `settle`, `ledger`,
//! `what-if` and `risk-curve`: `;` between fields, a decimal comma in every
//! number, a UTF-8 byte-order mark, `\r\n` line ends and Swedish headers;
//! and `--csv machine`, the default, byte for byte the machine CSV.

use super::run::*;

const BOM: &str = "\u{feff}";

/// The records of an excel-sv file, read as Excel would: `;`-separated,
/// after the byte-order mark, every record as long as the header (so that
/// no `;` inside a field went unquoted).
fn read_excel_sv(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix(BOM).expect("a UTF-8 byte-order mark");
    assert!(body.ends_with("\r\n"), "rows end with CRLF");
    // Outside quoted fields every line ends with CRLF.
    let mut quoted = false;
    let mut previous = ' ';
    for c in body.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == '\n' && !quoted {
            assert_eq!(previous, '\r', "a bare LF between rows");
        }
        previous = c;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let width = records[0].len();
    assert!(records.iter().all(|r| r.len() == width), "a field held an unquoted ';'");
    records
}

#[test]
fn settle_writes_csv_for_swedish_excel() {
    let contract = root("examples/botkyrka/contract.toml");
    let args = ["--contract", contract.as_str(), "--value", "14700000"];
    let out = settle(&[&args[..], &["--csv", "excel-sv"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let records = read_excel_sv(&text);
    assert_eq!(
        records[0],
        [
            "avsnitt",
            "id",
            "benämning",
            "formel",
            "indata",
            "belopp",
            "enhet",
            "valuta",
            "regel",
            "källor"
        ]
    );
    let row = |id: &str| records.iter().find(|r| r[1] == id).unwrap().clone();
    // 2 701 245,52 kr as Excel reads a number: no grouping, a decimal comma.
    let payment = row("provider[Aino Health].outcome_payment");
    assert_eq!(
        (payment[2].as_str(), payment[5].as_str()),
        ("Aino Healths utfallsersättning", "2701245,52")
    );
    let investment = row("window.investment");
    assert_eq!(investment[5], "10799722,2222222222222222");
    assert_eq!(
        investment[4],
        "I = 22870000 (contract.investment); n = 17 (window.months); N = 36 (term.months)"
    );
    // No number is written with a point.
    for r in &records[1..] {
        assert!(!r[5].contains('.'), "{r:?}");
    }

    // The default is the machine CSV, byte for byte, and so is --csv machine.
    let machine = stdout(&settle(&[&args[..], &["--format", "csv"]].concat()));
    assert_eq!(stdout(&settle(&[&args[..], &["--csv", "machine"]].concat())), machine);
    assert!(machine.starts_with("section,id,label,") && !machine.contains('\r') && !machine.starts_with(BOM));
    assert!(machine.contains(",2701245.52,money,SEK,"));

    // With another format, --csv is a mistake.
    command_line_mistake(
        &settle(&[&args[..], &["--csv", "excel-sv", "--format", "text"]].concat()),
        "error: --csv excel-sv applies to CSV output, and the output here is text",
    );
}

#[test]
fn ledger_what_if_and_risk_curve_write_csv_for_swedish_excel() {
    let quarterly = root("examples/illustrative/contract-quarterly.toml");
    let monthly = root("examples/illustrative/monthly.csv");
    let index = root("examples/illustrative/index.csv");
    let out = utfall(&[
        "ledger",
        "--contract",
        &quarterly,
        "--monthly",
        &monthly,
        "--index",
        &index,
        "--csv",
        "excel-sv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = read_excel_sv(&stdout(&out));
    assert_eq!(records[0][..3], ["part", "månad", "slag"]);
    assert!(
        records
            .iter()
            .any(|r| r[2] == "aktivitetsersättning" && r[4] == "350212,50")
    );

    let botkyrka = root("examples/botkyrka/contract.toml");
    let out = utfall(&[
        "what-if",
        "--contract",
        &botkyrka,
        "--headcount",
        "6350",
        "--csv",
        "excel-sv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = read_excel_sv(&stdout(&out));
    assert_eq!(records[0][0], "sparade dagar per anställd");
    assert_eq!(records[0][5], "Botkyrka kommun behåller");
    assert!(records.iter().any(|r| r[0] == "0,4" && r[2] == "970831,31"));
    assert!(records.iter().any(|r| r.last().unwrap() == "nollresultat"));

    let out = utfall(&[
        "risk-curve",
        "--contract",
        &botkyrka,
        "--steps",
        "4",
        "--csv-dialect",
        "excel-sv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records = read_excel_sv(&stdout(&out));
    assert_eq!(records[0][5], "Botkyrka kommuns nettoresultat");
    assert!(
        records
            .iter()
            .any(|r| r[0] == "34305000" && r.last().unwrap() == "Aino Healths tak")
    );
}
