//! The ledger as a JSON document.
//!
//! # Schema `utfall.ledger/1`
//!
//! Every amount is a **decimal string** (`"2701245.52"`), never a JSON number,
//! so that no reader turns it into a binary float. Months are `"YYYY-MM"`
//! strings.
//!
//! ```text
//! {
//!   "schema": "utfall.ledger/1",
//!   "contract": string,             name of the contract
//!   "currency": string,             ISO code, e.g. "SEK"
//!   "funder": string,
//!   "providers": [string],          in the contract's order
//!   "settlements": [ { "month": month,
//!                      "final": bool,   the final settlement, at the end of the term
//!                      "providers": [ { "name": string,
//!                                       "to_date": decimal,      P(t), the outcome payment to date
//!                                       "paid_before": decimal,  outcome payments made before
//!                                       "due": decimal,          to_date − paid_before
//!                                       "carried": decimal } ] } ],   a negative due carried forward, else zero
//!   "payments": [ { "month": month,
//!                   "payer": string,    the funder
//!                   "payee": string,    a provider
//!                   "kind": "activity_fee" | "on_account" | "true_up" | "final",
//!                   "amount": decimal,  negative when the provider pays back
//!                   "line": string } ], the statement line it comes from
//!   "parties": [ { "party": string,     the funder, then each provider
//!                  "balance": decimal,  the sum of the party's amounts
//!                  "payments": [ { "month": month,
//!                                  "kind": "activity_fee" | "on_account" | "true_up" | "final",
//!                                  "counterparty": string,   the other party
//!                                  "amount": decimal,        received positive, paid negative
//!                                  "line": string } ] } ]
//! }
//! ```
//!
//! `payments` lists each payment once, from the funder to a provider;
//! `parties` lists it twice, in the payer's ledger and in the payee's, signed
//! from each side. The statement behind each settlement is not written: it is
//! the `utfall.statement` document (see [`crate::json`]) of
//! `utfall settle --as-of MONTH`. New fields may be added within version 1; a
//! field's meaning never changes without a new version.

use serde::Serialize;
use utfall_engine::{Kind, Ledger, Month, PartyLedger};

use super::{counterparty, exact};
use crate::{Error, ErrorKind};

/// The schema name and version written in every ledger document.
pub const LEDGER_SCHEMA: &str = "utfall.ledger/1";

// The document is spelled out field by field, rather than serialising the
// engine's types, so that the schema above changes only when this file does.
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    contract: &'a str,
    currency: &'a str,
    funder: &'a str,
    providers: &'a [String],
    settlements: Vec<Settlement<'a>>,
    payments: Vec<Payment<'a>>,
    parties: Vec<Party<'a>>,
}

#[derive(Serialize)]
struct Settlement<'a> {
    month: Month,
    #[serde(rename = "final")]
    is_final: bool,
    providers: Vec<Provider<'a>>,
}

#[derive(Serialize)]
struct Provider<'a> {
    name: &'a str,
    to_date: String,
    paid_before: String,
    due: String,
    carried: String,
}

#[derive(Serialize)]
struct Payment<'a> {
    month: Month,
    payer: &'a str,
    payee: &'a str,
    kind: Kind,
    amount: String,
    line: &'a str,
}

#[derive(Serialize)]
struct Party<'a> {
    party: &'a str,
    balance: String,
    payments: Vec<PartyPayment<'a>>,
}

#[derive(Serialize)]
struct PartyPayment<'a> {
    month: Month,
    kind: Kind,
    counterparty: &'a str,
    amount: String,
    line: &'a str,
}

/// Renders a ledger as pretty-printed JSON of schema [`LEDGER_SCHEMA`]
/// (described in [`ledger::json`](crate::ledger::json)), ending in a newline.
///
/// # Errors
/// [`ErrorKind::Json`] if the JSON writer fails, which it does not for a
/// ledger the engine made.
/// [`ErrorKind::Engine`] when a party's balance
/// leaves the range of exact decimals.
///
/// # Example
/// ```
/// use utfall_engine::{Contract, Ledger, MonthlySeries, NationalIndex};
/// use utfall_render::render_ledger_json;
/// # let read = |f: &str| std::fs::read_to_string(format!("{}/../../examples/illustrative/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
/// # let contract = Contract::from_toml_str(&read("contract-quarterly.toml"))?;
/// # let series = MonthlySeries::from_csv_str(&read("monthly.csv"))?;
/// # let index = NationalIndex::from_csv_str(&read("index.csv"))?;
/// let ledger = Ledger::run(&contract, &series, Some(&index), None)?;
/// let json: serde_json::Value = serde_json::from_str(&render_ledger_json(&ledger)?)?;
/// assert_eq!(json["schema"], "utfall.ledger/1");
/// assert_eq!(json["settlements"][0]["month"], "2018-12");
/// assert_eq!(json["parties"][1]["party"], "Aino Health");
/// assert_eq!(json["parties"][1]["balance"], ledger.party("Aino Health")?.balance.to_string());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_ledger_json(ledger: &Ledger) -> Result<String, Error> {
    let views: Vec<PartyLedger> = ledger
        .parties()
        .into_iter()
        .map(|p| ledger.party(p))
        .collect::<Result<_, _>>()?;
    let document = Document {
        schema: LEDGER_SCHEMA,
        contract: &ledger.contract,
        currency: &ledger.currency,
        funder: &ledger.funder,
        providers: &ledger.providers,
        settlements: ledger
            .settlements
            .iter()
            .map(|s| Settlement {
                month: s.month,
                is_final: s.is_final,
                providers: s
                    .providers
                    .iter()
                    .map(|p| Provider {
                        name: &p.name,
                        to_date: exact(p.to_date),
                        paid_before: exact(p.paid_before),
                        due: exact(p.due),
                        carried: exact(p.carried),
                    })
                    .collect(),
            })
            .collect(),
        payments: ledger
            .payments
            .iter()
            .map(|p| Payment {
                month: p.month,
                payer: &p.payer,
                payee: &p.payee,
                kind: p.kind,
                amount: exact(p.amount),
                line: &p.line,
            })
            .collect(),
        parties: views
            .iter()
            .map(|view| Party {
                party: &view.party,
                balance: exact(view.balance),
                payments: view
                    .lines
                    .iter()
                    .map(|(p, signed)| PartyPayment {
                        month: p.month,
                        kind: p.kind,
                        counterparty: counterparty(p, &view.party),
                        amount: exact(*signed),
                        line: &p.line,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&document).map_err(|e| Error::new(ErrorKind::Json { message: e.to_string() }))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde_json::Value;
    use utfall_engine::Ledger;

    use super::*;
    use crate::ledger::testdata;

    fn document(ledger: &Ledger) -> Value {
        let text = render_ledger_json(ledger).unwrap();
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).unwrap()
    }

    /// A decimal string, never a JSON number, and a zero without a sign.
    fn decimal(value: &Value) -> Decimal {
        let text = value
            .as_str()
            .unwrap_or_else(|| panic!("not a decimal string: {value}"));
        let decimal: Decimal = text.parse().unwrap();
        assert!(!(decimal.is_zero() && text.starts_with('-')), "{text}");
        decimal
    }

    fn list(value: &Value) -> &Vec<Value> {
        value.as_array().unwrap_or_else(|| panic!("not a list: {value}"))
    }

    #[test]
    fn the_head_names_the_contract_and_its_parties() {
        let ledger = testdata::quarterly();
        let text = render_ledger_json(&ledger).unwrap();
        // The top-level keys in the order of the schema (serde_json's map would sort them).
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("  \""))
            .filter_map(|l| l.split_once('"').map(|(key, _)| key))
            .collect();
        assert_eq!(
            keys,
            [
                "schema",
                "contract",
                "currency",
                "funder",
                "providers",
                "settlements",
                "payments",
                "parties"
            ]
        );
        let json = document(&ledger);
        assert_eq!(json["schema"], LEDGER_SCHEMA);
        assert_eq!(json["contract"], ledger.contract.as_str());
        assert_eq!(json["currency"], "SEK");
        assert_eq!(json["funder"], "Botkyrka kommun");
        assert_eq!(json["providers"], serde_json::json!(["Aino Health"]));
    }

    #[test]
    fn settlements_are_the_ledgers_without_their_statements() {
        let ledger = testdata::quarterly();
        let json = document(&ledger);
        let settlements = list(&json["settlements"]);
        assert_eq!(settlements.len(), ledger.settlements.len());
        for (s, expected) in settlements.iter().zip(&ledger.settlements) {
            assert_eq!(s.as_object().unwrap().len(), 3, "month, final, providers only: {s}");
            assert_eq!(s["month"], expected.month.to_string());
            assert_eq!(s["final"], expected.is_final);
            let providers = list(&s["providers"]);
            assert_eq!(providers.len(), expected.providers.len());
            for (p, e) in providers.iter().zip(&expected.providers) {
                assert_eq!(p["name"], e.name.as_str());
                assert_eq!(decimal(&p["to_date"]), e.to_date);
                assert_eq!(decimal(&p["paid_before"]), e.paid_before);
                assert_eq!(decimal(&p["due"]), e.due);
                assert_eq!(decimal(&p["carried"]), e.carried);
                assert_eq!(decimal(&p["due"]), decimal(&p["to_date"]) - decimal(&p["paid_before"]));
            }
        }
        assert_eq!(settlements.iter().filter(|s| s["final"] == true).count(), 1);
    }

    #[test]
    fn payments_are_the_ledgers_field_by_field() {
        let ledger = testdata::quarterly();
        let json = document(&ledger);
        let payments = list(&json["payments"]);
        assert_eq!(payments.len(), ledger.payments.len());
        for (p, e) in payments.iter().zip(&ledger.payments) {
            assert_eq!(p.as_object().unwrap().len(), 6);
            assert_eq!(p["month"], e.month.to_string());
            assert_eq!(p["payer"], e.payer.as_str());
            assert_eq!(p["payee"], e.payee.as_str());
            assert_eq!(p["kind"], serde_json::to_value(e.kind).unwrap());
            assert_eq!(p["amount"], e.amount.to_string());
            assert_eq!(p["line"], e.line.as_str());
        }
    }

    #[test]
    fn each_balance_is_the_sum_of_its_payments() {
        let ledger = testdata::quarterly();
        let json = document(&ledger);
        let parties = list(&json["parties"]);
        let names: Vec<&str> = parties.iter().filter_map(|p| p["party"].as_str()).collect();
        assert_eq!(names, ledger.parties());
        let mut providers_total = Decimal::ZERO;
        for party in parties {
            let name = party["party"].as_str().unwrap();
            let view = ledger.party(name).unwrap();
            let payments = list(&party["payments"]);
            assert_eq!(payments.len(), view.lines.len());
            let mut sum = Decimal::ZERO;
            for (p, (e, signed)) in payments.iter().zip(&view.lines) {
                assert_eq!(p["month"], e.month.to_string());
                assert_eq!(p["kind"], serde_json::to_value(e.kind).unwrap());
                let other = if name == e.payee { &e.payer } else { &e.payee };
                assert_eq!(p["counterparty"], other.as_str());
                assert_eq!(decimal(&p["amount"]), *signed);
                assert_eq!(p["line"], e.line.as_str());
                sum += decimal(&p["amount"]);
            }
            assert_eq!(decimal(&party["balance"]), sum, "{name}");
            assert_eq!(decimal(&party["balance"]), view.balance, "{name}");
            if name != ledger.funder {
                providers_total += sum;
            }
        }
        assert!(!providers_total.is_zero());
        assert_eq!(decimal(&parties[0]["balance"]), -providers_total);
    }

    #[test]
    fn two_providers_are_three_parties() {
        let ledger = testdata::two_providers();
        let json = document(&ledger);
        let parties: Vec<&str> = list(&json["parties"])
            .iter()
            .filter_map(|p| p["party"].as_str())
            .collect();
        assert_eq!(parties, ["Botkyrka kommun", "Aino Health", "Bruk & Co, \"Tumba\""]);
        let funder = decimal(&json["parties"][0]["balance"]);
        let providers = decimal(&json["parties"][1]["balance"]) + decimal(&json["parties"][2]["balance"]);
        assert_eq!(funder, -providers);
        assert!(
            list(&json["settlements"])
                .iter()
                .all(|s| list(&s["providers"]).len() == 2)
        );
    }
}
