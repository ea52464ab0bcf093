//! Small contracts written as TOML, for tests that change one term at a time.

/// The contract worked by hand in the schedule and amendment tests:
/// investment 1 200, day value 10, reference period 2019, a term from 2020-01
/// to `term_end`, and one provider `P` with contract value 600 and outcome share
/// 0.5, so that `s = r · C / I = 0.25`.
///
/// With the defaults the file reads, line by line (an error's line number
/// counts from the empty first line):
///
/// ```text
///  2 name = "x"              8 [[provider]]
///  3 currency = "SEK"        9 name = "P"
///  4 investment = "1200"    10 contract_value = "600"
///  5 day_value = "10"       11 outcome_share = "0.5"
///  6 term = { … }           12 cap = "1.5"
///  7 reference = { … }      13 `after`
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SmallContract<'a> {
    /// The term's last month; it starts in 2020-01.
    pub term_end: &'a str,
    /// Lines of top-level keys put before `[[provider]]`, each ended by `\n`.
    pub top: &'a str,
    /// The provider's cap multiple `k`.
    pub cap: &'a str,
    /// Lines after the provider: its own keys, then tables such as
    /// `[schedule]` or `[[amendment]]`.
    pub after: &'a str,
}

impl Default for SmallContract<'_> {
    fn default() -> Self {
        Self {
            term_end: "2020-12",
            top: "",
            cap: "1.5",
            after: "",
        }
    }
}

impl SmallContract<'_> {
    /// The default contract with `after` appended.
    pub fn with(after: &str) -> String {
        SmallContract {
            after,
            ..SmallContract::default()
        }
        .toml()
    }

    /// The contract file's text.
    pub fn toml(&self) -> String {
        let Self {
            term_end,
            top,
            cap,
            after,
        } = self;
        format!(
            r#"
name = "x"
currency = "SEK"
investment = "1200"
day_value = "10"
term = {{ start = "2020-01", end = "{term_end}" }}
reference = {{ start = "2019-01", end = "2019-12" }}
{top}[[provider]]
name = "P"
contract_value = "600"
outcome_share = "0.5"
cap = "{cap}"
{after}"#
        )
    }
}
