//! Numbers as people read them: `22 870 000,00 kr` in Swedish style,
//! `22,870,000.00 SEK` in English style.

use rust_decimal::{Decimal, RoundingStrategy};
use utfall_engine::Unit;

use crate::words::Language;

/// How numbers are written.
///
/// # Example
/// ```
/// use utfall_render::Style;
/// let d = |s: &str| s.parse().unwrap();
/// let sv = Style::swedish();
/// assert_eq!(sv.money(d("22870000"), "SEK"), "22 870 000,00 kr");
/// assert_eq!(sv.money(d("-4722.2222"), "SEK"), "−4 722,22 kr");
/// assert_eq!(sv.exact(d("10799722.2222222222222222")), "10 799 722,2222222222222222");
/// assert_eq!(sv.percent(d("0.1837581985133362"), 4), "18,3758 %");
/// let en = Style::english();
/// assert_eq!(en.money(d("22870000"), "SEK"), "22,870,000.00 SEK");
/// assert_eq!(en.money(d("-4722.2222"), "SEK"), "-4,722.22 SEK");
/// assert_eq!(en.percent(d("0.1837581985133362"), 4), "18.3758%");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    /// Between groups of three digits of the whole part.
    pub group_separator: &'static str,
    /// Between the whole part and the decimals.
    pub decimal_separator: &'static str,
    /// Before a negative number.
    pub minus: &'static str,
    /// After a percentage's digits: `" %"` in Swedish, `"%"` in English.
    pub percent_sign: &'static str,
    /// Whether Swedish kronor are written `kr` (Swedish) rather than by their
    /// code `SEK`; other currencies are always written by their code.
    pub kr_for_sek: bool,
    /// The language of the words: Swedish with [`Style::swedish`], English
    /// with [`Style::english`].
    pub language: Language,
}

impl Style {
    /// Swedish style: `22 870 000,00 kr`, `18,3758 %`.
    pub fn swedish() -> Self {
        Self {
            group_separator: " ",
            decimal_separator: ",",
            minus: "−",
            percent_sign: " %",
            kr_for_sek: true,
            language: Language::Swedish,
        }
    }

    /// English style: `22,870,000.00 SEK`, `-8,170,000.00 SEK`, `18.3758%`;
    /// the currency always by its code.
    pub fn english() -> Self {
        Self {
            group_separator: ",",
            decimal_separator: ".",
            minus: "-",
            percent_sign: "%",
            kr_for_sek: false,
            language: Language::English,
        }
    }

    /// Every digit of `value` as it is held, grouped: nothing is rounded, and
    /// an amount in öre keeps its two decimals.
    pub fn exact(&self, value: Decimal) -> String {
        self.digits(value)
    }

    /// `value` rounded for reading to `dp` decimals, half away from zero.
    pub fn rounded(&self, value: Decimal, dp: u32) -> String {
        let mut shown = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
        shown.rescale(dp);
        self.digits(shown)
    }

    /// An amount to öre with its currency after it: `kr` for SEK in Swedish
    /// style, else the currency's code.
    pub fn money(&self, value: Decimal, currency: &str) -> String {
        format!("{} {}", self.rounded(value, 2), self.currency_word(currency))
    }

    /// How this style names `currency` after an amount: `kr` for SEK in Swedish
    /// style, else the code itself.
    pub fn currency_word<'a>(&self, currency: &'a str) -> &'a str {
        if self.kr_for_sek {
            currency_word(currency)
        } else {
            currency
        }
    }

    /// A share as a percentage with `dp` decimals.
    pub fn percent(&self, value: Decimal, dp: u32) -> String {
        let hundred = value.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(value);
        format!("{}{}", self.rounded(hundred, dp), self.percent_sign)
    }

    /// A figure of `unit` as shown in the amount column.
    pub fn figure(&self, value: Decimal, unit: Unit, currency: &str) -> String {
        match unit {
            Unit::Money => self.money(value, currency),
            Unit::Days => format!("{} days", self.rounded(value, 2)),
            Unit::DaysPerEmployee => format!("{} days/employee", self.rounded(value, 4)),
            Unit::Share => self.percent(value, 4),
            Unit::Months => format!("{} months", self.exact(value)),
            Unit::Employees => format!("{} employees", self.exact(value)),
            Unit::Index => self.exact(value),
            _ => self.exact(value),
        }
    }

    fn digits(&self, value: Decimal) -> String {
        let text = value.abs().to_string();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::new();
        if value.is_sign_negative() && !value.is_zero() {
            out.push_str(self.minus);
        }
        let len = whole.len();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (len - i) % 3 == 0 {
                out.push_str(self.group_separator);
            }
            out.push(ch);
        }
        if !fraction.is_empty() {
            out.push_str(self.decimal_separator);
            out.push_str(fraction);
        }
        out
    }
}

/// `kr` for Swedish kronor, the code itself otherwise.
pub(crate) fn currency_word(currency: &str) -> &str {
    if currency == "SEK" { "kr" } else { currency }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn groups_thousands_and_keeps_every_decimal() {
        let sv = Style::swedish();
        assert_eq!(sv.exact(d("0")), "0");
        assert_eq!(sv.exact(d("999")), "999");
        assert_eq!(sv.exact(d("1000")), "1 000");
        assert_eq!(sv.exact(d("6303825.00")), "6 303 825,00");
        assert_eq!(sv.exact(d("-0.5")), "−0,5");
        assert_eq!(sv.rounded(d("2701245.515"), 2), "2 701 245,52");
        assert_eq!(sv.rounded(d("-0.004"), 2), "0,00");
        assert_eq!(sv.money(d("6303825"), "EUR"), "6 303 825,00 EUR");
        assert_eq!(sv.percent(d("0.25"), 4), "25,0000 %");
    }

    #[test]
    fn swedish_money() {
        let sv = Style::swedish();
        assert_eq!(sv.money(d("22870000"), "SEK"), "22 870 000,00 kr");
        assert_eq!(sv.money(d("2701245.5181460428508964"), "SEK"), "2 701 245,52 kr");
        assert_eq!(sv.money(d("-8170000"), "SEK"), "−8 170 000,00 kr");
        assert_eq!(sv.money(d("0.005"), "SEK"), "0,01 kr");
        assert_eq!(sv.money(d("-0.004"), "SEK"), "0,00 kr");
        assert_eq!(sv.money(d("999.999"), "SEK"), "1 000,00 kr");
        assert_eq!(sv.money(d("1234.5"), "EUR"), "1 234,50 EUR");
        assert_eq!(sv.currency_word("SEK"), "kr");
        assert_eq!(sv.percent(d("-0.178618276998489"), 4), "−17,8618 %");
    }

    #[test]
    fn english_money() {
        let en = Style::english();
        assert_eq!(en.money(d("22870000"), "SEK"), "22,870,000.00 SEK");
        assert_eq!(en.money(d("2701245.5181460428508964"), "SEK"), "2,701,245.52 SEK");
        assert_eq!(en.money(d("-8170000"), "SEK"), "-8,170,000.00 SEK");
        assert_eq!(en.money(d("0.005"), "SEK"), "0.01 SEK");
        assert_eq!(en.money(d("-0.004"), "SEK"), "0.00 SEK");
        assert_eq!(en.money(d("999.999"), "SEK"), "1,000.00 SEK");
        assert_eq!(en.money(d("1234.5"), "EUR"), "1,234.50 EUR");
        assert_eq!(en.currency_word("SEK"), "SEK");
        assert_eq!(en.exact(d("10799722.2222222222222222")), "10,799,722.2222222222222222");
        assert_eq!(en.rounded(d("-4722.2222"), 2), "-4,722.22");
        assert_eq!(en.percent(d("0.25"), 4), "25.0000%");
        assert_eq!(en.percent(d("-0.178618276998489"), 4), "-17.8618%");
        assert_eq!(
            en.figure(d("7067.3076923076923077"), Unit::Days, "SEK"),
            "7,067.31 days"
        );
    }
}
