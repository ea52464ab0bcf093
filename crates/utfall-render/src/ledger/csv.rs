//! Each party's ledger as CSV, one row per party and payment.

use utfall_engine::{CsvOutput, Kind, Ledger};

use super::{counterparty, exact};
use crate::words::{self, Language, Text};

/// The header row of [`render_ledger_csv`].
pub const LEDGER_CSV_HEADER: &str = "party,month,kind,counterparty,amount,currency,line";

/// Renders each party's ledger as CSV: a header row, then for each party (the
/// funder, then the providers) one row per payment of its ledger, in the
/// ledger's order, with the columns
///
/// | column | holds |
/// |---|---|
/// | `party` | the party whose ledger the row is in |
/// | `month` | the settlement month, `YYYY-MM` |
/// | `kind` | what the payment is for: `activity_fee`, `on_account`, `true_up` or `final`, as in the JSON |
/// | `counterparty` | the other party of the payment |
/// | `amount` | the amount signed from the party's side: received positive, paid negative |
/// | `currency` | the contract's currency code |
/// | `line` | the statement line it comes from, such as `as of 2019-03: provider[Aino Health].outcome_payment, less paid` |
///
/// Every payment is written twice, once in the payer's ledger and once in the
/// payee's, with opposite signs. A party's balance is not a row: it is the sum
/// of the amounts of its rows.
///
/// Amounts are exact decimals written the same way whatever the locale: digits,
/// `.` before decimals, `-` before a negative number, no grouping and no
/// currency. Fields are quoted as in [`render_csv`](crate::render_csv) (RFC
/// 4180: a field with `,`, `"` or a line break is put in double quotes and its
/// `"` doubled; a name a spreadsheet would take for a formula gets a `'` in
/// front); rows end with `\n`; the text is UTF-8 without a byte-order mark.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
/// use utfall_render::{render_ledger_csv, LEDGER_CSV_HEADER};
/// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// let csv = render_ledger_csv(&ledger);
/// assert_eq!(csv.lines().next(), Some(LEDGER_CSV_HEADER));
/// // Two parties, each with every payment.
/// assert_eq!(csv.lines().count(), 1 + 2 * ledger.payments.len());
/// assert!(csv.contains("\nAino Health,2018-12,activity_fee,Botkyrka kommun,"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_ledger_csv(ledger: &Ledger) -> String {
    render_ledger_csv_in(ledger, CsvOutput::Machine)
}

/// [`render_ledger_csv`] in the CSV dialect `csv`: for
/// [`CsvOutput::ExcelSv`], `;`-separated with decimal commas, a byte-order
/// mark, `\r\n` line ends, and the header and the kinds of payment in
/// Swedish (`part;månad;slag;motpart;belopp;valuta;rad i avräkningen`).
///
/// # Example
/// ```
/// use utfall_engine::{Contract, CsvOutput, Ledger, MonthlySeries, NationalIndex};
/// use utfall_render::render_ledger_csv_in;
/// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// let csv = render_ledger_csv_in(&ledger, CsvOutput::ExcelSv);
/// assert!(csv.starts_with("\u{feff}part;månad;slag;motpart;belopp;valuta;rad i avräkningen\r\n"));
/// assert!(csv.contains("\r\nAino Health;2018-12;aktivitetsersättning;Botkyrka kommun;350212,50;SEK;"));
/// # Ok::<(), utfall_engine::Error>(())
/// ```
pub fn render_ledger_csv_in(ledger: &Ledger, csv: CsvOutput) -> String {
    let mut out = String::from(csv.preamble());
    if csv.swedish() {
        let header = [
            Text::CsvParty,
            Text::CsvMonth,
            Text::CsvKind,
            Text::CsvCounterparty,
            Text::CsvAmount,
            Text::CsvCurrency,
            Text::CsvLine,
        ]
        .map(|t| words::text(Language::Swedish, t));
        out.push_str(&csv.row(&header));
    } else {
        out.push_str(&csv.row(&LEDGER_CSV_HEADER.split(',').collect::<Vec<_>>()));
    }
    for party in ledger.parties() {
        for (payment, signed) in &ledger.lines_of(party) {
            let kind = if csv.swedish() {
                kind_words(payment.kind).to_owned()
            } else {
                kind_id(payment.kind)
            };
            let amount = exact(*signed);
            let fields = [
                party,
                &payment.month.to_string(),
                &kind,
                counterparty(payment, party),
                &csv.decimal_text(&amount),
                &ledger.currency,
                &payment.line,
            ];
            out.push_str(&csv.row(&fields));
        }
    }
    out
}

/// The kind of a payment in Swedish words.
fn kind_words(kind: Kind) -> &'static str {
    let text = match kind {
        Kind::ActivityFee => Text::CsvKindActivityFee,
        Kind::OnAccount => Text::CsvKindOnAccount,
        Kind::TrueUp => Text::CsvKindTrueUp,
        Kind::Final => Text::CsvKindFinal,
    };
    words::text(Language::Swedish, text)
}

/// The kind's id as the JSON writes it: `activity_fee`, `on_account`, ….
fn kind_id(kind: Kind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(id)) => id,
        _ => format!("{kind:?}"),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use utfall_engine::Ledger;

    use super::*;
    use crate::ledger::testdata;

    fn rows(ledger: &Ledger) -> (::csv::StringRecord, Vec<::csv::StringRecord>) {
        let text = render_ledger_csv(ledger);
        assert!(text.ends_with('\n') && !text.contains('\r'));
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        (header, reader.records().map(Result::unwrap).collect())
    }

    #[test]
    fn kind_ids_are_the_serde_names() {
        assert_eq!(kind_id(Kind::ActivityFee), "activity_fee");
        assert_eq!(kind_id(Kind::OnAccount), "on_account");
        assert_eq!(kind_id(Kind::TrueUp), "true_up");
        assert_eq!(kind_id(Kind::Final), "final");
    }

    #[test]
    fn every_row_is_a_payment_signed_from_its_party() {
        let ledger = testdata::quarterly();
        let (header, records) = rows(&ledger);
        assert_eq!(header.iter().collect::<Vec<_>>().join(","), LEDGER_CSV_HEADER);
        let mut records = records.iter();
        for party in ledger.parties() {
            let view = ledger.party(party).unwrap();
            assert!(!view.lines.is_empty());
            let mut sum = Decimal::ZERO;
            for (payment, signed) in &view.lines {
                let row = records.next().unwrap();
                let amount: Decimal = row[4].parse().unwrap();
                assert_eq!(&row[0], party);
                assert_eq!(row[1], payment.month.to_string());
                assert_eq!(row[2], kind_id(payment.kind));
                let other = if party == ledger.funder {
                    &payment.payee
                } else {
                    &ledger.funder
                };
                assert_eq!(&row[3], other.as_str());
                assert_eq!(amount, *signed);
                assert_eq!(
                    amount,
                    if party == ledger.funder {
                        -payment.amount
                    } else {
                        payment.amount
                    }
                );
                assert_eq!(&row[5], "SEK");
                assert_eq!(row[6], payment.line);
                sum += amount;
            }
            assert_eq!(sum, view.balance, "{party}");
        }
        assert!(records.next().is_none());
    }

    #[test]
    fn amounts_are_plain_decimals() {
        let (_, records) = rows(&testdata::quarterly());
        for row in &records {
            let amount = &row[4];
            assert!(
                amount.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'),
                "{amount}"
            );
            // A zero paid is not written as `-0.00`.
            assert!(!(amount.starts_with('-') && amount.parse::<Decimal>().unwrap().is_zero()));
        }
    }

    #[test]
    fn two_providers_are_three_parties() {
        let ledger = testdata::two_providers();
        let (_, records) = rows(&ledger);
        let mut parties: Vec<&str> = records.iter().map(|r| &r[0]).collect();
        parties.dedup();
        assert_eq!(parties, ["Botkyrka kommun", "Aino Health", "Bruk & Co, \"Tumba\""]);
        assert_eq!(records.len(), 2 * ledger.payments.len());
    }
}
