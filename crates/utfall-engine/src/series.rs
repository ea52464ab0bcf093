//! Monthly data in CSV (`docs/formats.md`): the organisation's net short-term sick
//! days and headcount per month, and the national sickness index.
//!
//! Both files are read by header name, in any column order. A row that cannot be
//! read is an error with its line number; nothing is skipped. Months may come in
//! any order; a month given twice is an error, a month missing is an error when
//! (and only when) a calculation needs it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

mod read;

pub use read::{MAX_CSV_FIELD_BYTES, MAX_CSV_LINE_BYTES};

use self::read::read_rows;
#[cfg(doc)]
use crate::CsvErrorKind;
use crate::arith::{parse_decimal, parse_whole};
use crate::dialect::{CsvDialect, Delimiter, decimal_point};
use crate::{Error, ErrorKind, Month};

/// One month of the monthly series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthData {
    /// Net short-term sick days in the month (*nettodagar*, days 1–14: the sum of
    /// sick-leave hours divided by 8; RISE's evaluation report (2021), footnote 2 of
    /// *Primärt utfallsmått*). Not negative.
    pub net_days: Decimal,
    /// Employees in the month.
    pub headcount: u32,
    /// The line of the file the month was read from.
    pub line: usize,
}

/// The monthly series `month,net_days,headcount`.
///
/// # Example
/// ```
/// use utfall_engine::MonthlySeries;
///
/// let series = MonthlySeries::from_csv_str("\
/// month,net_days,headcount
/// 2018-10,3600.5,6300
/// 2017-10,4000,6250
/// ")?;
/// let oct = series.get("2018-10".parse()?).unwrap();
/// assert_eq!((oct.net_days.to_string(), oct.headcount, oct.line), ("3600.5".into(), 6300, 2));
///
/// // A bad row is an error with its line and field:
/// let err = MonthlySeries::from_csv_str("month,net_days,headcount\n2018-10,-1,6300\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 2: field net_days: -1 is negative");
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthlySeries {
    months: BTreeMap<Month, MonthData>,
}

const SERIES_COLUMNS: &str = "month,net_days,headcount";
const INDEX_COLUMNS: &str = "month,index";

impl MonthlySeries {
    /// Reads the series from CSV text with the header `month,net_days,headcount`
    /// (any column order).
    ///
    /// # Errors
    /// With the line number and column: a missing, unknown or repeated column;
    /// a bad month ([`ErrorKind::BadMonth`]); `net_days` not a decimal or
    /// negative; `headcount` not a whole number; a month given twice
    /// ([`ErrorKind::DuplicateMonth`]); malformed CSV ([`CsvErrorKind::Malformed`]).
    /// A zero headcount is accepted here and refused where a calculation
    /// divides by it ([`ErrorKind::ZeroHeadcount`]).
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{ErrorKind, MonthlySeries};
    /// let err = MonthlySeries::from_csv_str(
    ///     "month,net_days,headcount\n2018-10,1,2\n2018-10,3,4\n").unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::DuplicateMonth { first_line: 2, .. }));
    /// assert_eq!(err.location().line(), Some(3));
    /// ```
    pub fn from_csv_str(text: &str) -> Result<Self, Error> {
        Self::from_csv_str_with(text, CsvDialect::AUTO)
    }

    /// Reads the series from CSV text separated as `dialect` says
    /// ([`from_csv_str`](Self::from_csv_str) finds the separator from the
    /// header line). With `;` or tab, `net_days` may have a decimal comma.
    ///
    /// # Errors
    /// As [`from_csv_str`](Self::from_csv_str), and
    /// [`CsvErrorKind::AmbiguousDelimiter`] when the separator is to be found
    /// and the header holds more than one kind; a decimal comma in a
    /// comma-separated file is [`CsvErrorKind::DecimalComma`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{CsvDialect, Delimiter, MonthlySeries};
    /// let text = "month;net_days;headcount\n2018-10;3600,5;6300\n";
    /// let series = MonthlySeries::from_csv_str_with(text, CsvDialect::given(Delimiter::Semicolon))?;
    /// assert_eq!(series, MonthlySeries::from_csv_str(text)?);
    /// assert_eq!(series.get("2018-10".parse()?).unwrap().net_days.to_string(), "3600.5");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn from_csv_str_with(text: &str, dialect: CsvDialect) -> Result<Self, Error> {
        let mut months = BTreeMap::new();
        read_rows(
            text,
            dialect,
            &["month", "net_days", "headcount"],
            SERIES_COLUMNS,
            |line, fields, delimiter| {
                let [month, net_days, headcount] = fields;
                let month: Month = month.parse().map_err(|e: Error| e.at_field("month"))?;
                let net_days = decimal(net_days, delimiter).map_err(|e| e.at_field("net_days"))?;
                if net_days < Decimal::ZERO {
                    return Err(Error::new(ErrorKind::Negative { value: net_days }).at_field("net_days"));
                }
                let headcount = parse_whole(headcount).map_err(|e| e.at_field("headcount"))?;
                insert_once(
                    &mut months,
                    month,
                    MonthData {
                        net_days,
                        headcount,
                        line,
                    },
                    |d| d.line,
                )
            },
        )?;
        Ok(Self { months })
    }

    /// The data of `month`, if the series has it.
    pub fn get(&self, month: Month) -> Option<&MonthData> {
        self.months.get(&month)
    }

    /// The months in order with their data.
    pub fn iter(&self) -> impl Iterator<Item = (Month, &MonthData)> {
        self.months.iter().map(|(m, d)| (*m, d))
    }

    /// Number of months in the series.
    pub fn len(&self) -> usize {
        self.months.len()
    }

    /// Whether the series has no month.
    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }

    /// Adds or replaces a month (for building a series in code).
    ///
    /// # Example
    /// ```
    /// use rust_decimal::Decimal;
    /// use utfall_engine::{MonthData, MonthlySeries};
    /// let mut series = MonthlySeries::default();
    /// series.insert("2018-10".parse()?, MonthData { net_days: Decimal::new(36005, 1), headcount: 6300, line: 0 });
    /// assert_eq!(series.len(), 1);
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn insert(&mut self, month: Month, data: MonthData) {
        self.months.insert(month, data);
    }
}

/// One month of the national sickness index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexValue {
    /// The index (*sjukpenningtal*), above zero.
    pub index: Decimal,
    /// The line of the file it was read from.
    pub line: usize,
}

/// The national sickness index `month,index` (Försäkringskassan's
/// *sjukpenningtal*; RISE's evaluation report (2021), *Primärt utfallsmått* and Figure 6).
///
/// # Example
/// ```
/// use utfall_engine::NationalIndex;
/// let index = NationalIndex::from_csv_str("month,index\n2017-10,10.2\n2018-10,9.8\n")?;
/// assert_eq!(index.get("2018-10".parse()?).map(|v| v.index.to_string()).as_deref(), Some("9.8"));
///
/// let err = NationalIndex::from_csv_str("month,index\n2018-10,0\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 2: field index: month 2018-10 has index 0; the national index must be above zero");
/// # Ok::<(), utfall_engine::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NationalIndex {
    months: BTreeMap<Month, IndexValue>,
}

impl NationalIndex {
    /// Reads the index from CSV text with the header `month,index`.
    ///
    /// # Errors
    /// With the line number and column: a missing, unknown or repeated column; a
    /// bad month; an index that is not a decimal or not above zero
    /// ([`ErrorKind::NonPositiveIndex`]); a month given twice; malformed CSV.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::NationalIndex;
    /// assert!(NationalIndex::from_csv_str("index,month\n9.8,2018-10\n").is_ok());
    /// assert!(NationalIndex::from_csv_str("month,index\n2018-10,9,8\n").is_err());
    /// ```
    pub fn from_csv_str(text: &str) -> Result<Self, Error> {
        Self::from_csv_str_with(text, CsvDialect::AUTO)
    }

    /// Reads the index from CSV text separated as `dialect` says (see
    /// [`MonthlySeries::from_csv_str_with`]).
    ///
    /// # Errors
    /// As [`from_csv_str`](Self::from_csv_str) and
    /// [`MonthlySeries::from_csv_str_with`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{CsvDialect, Delimiter, NationalIndex};
    /// let index = NationalIndex::from_csv_str_with("month\tindex\n2018-10\t9,8\n", CsvDialect::AUTO)?;
    /// assert_eq!(index.get("2018-10".parse()?).unwrap().index.to_string(), "9.8");
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn from_csv_str_with(text: &str, dialect: CsvDialect) -> Result<Self, Error> {
        let mut months = BTreeMap::new();
        read_rows(
            text,
            dialect,
            &["month", "index"],
            INDEX_COLUMNS,
            |line, fields, delimiter| {
                let [month, index] = fields;
                let month: Month = month.parse().map_err(|e: Error| e.at_field("month"))?;
                let index = decimal(index, delimiter).map_err(|e| e.at_field("index"))?;
                if index <= Decimal::ZERO {
                    return Err(Error::new(ErrorKind::NonPositiveIndex { month, value: index }).at_field("index"));
                }
                insert_once(&mut months, month, IndexValue { index, line }, |v| v.line)
            },
        )?;
        Ok(Self { months })
    }

    /// The index of `month`, if given.
    pub fn get(&self, month: Month) -> Option<&IndexValue> {
        self.months.get(&month)
    }

    /// The months in order with their index.
    pub fn iter(&self) -> impl Iterator<Item = (Month, &IndexValue)> {
        self.months.iter().map(|(m, v)| (*m, v))
    }
}

/// A decimal as written in a file separated by `delimiter`: a decimal comma
/// read where the separator allows one; an error quotes the text as written.
fn decimal(text: &str, delimiter: Delimiter) -> Result<Decimal, Error> {
    let point = decimal_point(text, delimiter).map_err(Error::new)?;
    parse_decimal(&point).or_else(|_| parse_decimal(text))
}

fn insert_once<T>(
    months: &mut BTreeMap<Month, T>,
    month: Month,
    value: T,
    line_of: impl Fn(&T) -> usize,
) -> Result<(), Error> {
    match months.entry(month) {
        std::collections::btree_map::Entry::Occupied(first) => Err(Error::new(ErrorKind::DuplicateMonth {
            month,
            first_line: line_of(first.get()),
        })
        .at_field("month")),
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(value);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_by_name_in_any_order_with_bom_and_crlf() {
        let s = MonthlySeries::from_csv_str("\u{feff}headcount,month,net_days\r\n6300,2018-10,3600.5\r\n").unwrap();
        let d = s.get("2018-10".parse().unwrap()).unwrap();
        assert_eq!((d.net_days, d.headcount, d.line), (Decimal::new(36005, 1), 6300, 2));
    }

    #[test]
    fn every_bad_row_names_its_line_and_field() {
        let cases = [
            (
                "",
                "line 1: the file is empty: it needs a header line with the columns month,net_days,headcount",
            ),
            (
                "month,net_days\n",
                "line 1: the header has no column \"headcount\" (columns: month,net_days,headcount)",
            ),
            (
                "month,net_days,headcount,extra\n",
                "line 1: column \"extra\" is unknown or repeated (columns: month,net_days,headcount)",
            ),
            (
                "month,net_days,headcount,month\n",
                "line 1: column \"month\" is unknown or repeated (columns: month,net_days,headcount)",
            ),
            (
                "month,net_days,headcount\n2018-10,1\n",
                "line 2: the row has 2 fields, the header 3",
            ),
            (
                "month,net_days,headcount\n2018-10,1,2\n2018-13,1,2\n",
                "line 3: field month: \"2018-13\" is not a month: the month must be 01 to 12",
            ),
            (
                "month,net_days,headcount\n2018-10,1e3,2\n",
                "line 2: field net_days: \"1e3\" is not a decimal number: write digits with an optional leading '-' and '.', such as \"-1234.5\" (no spaces, '+', ',' or exponent)",
            ),
            (
                "month,net_days,headcount\n2018-10,1,2.5\n",
                "line 2: field headcount: \"2.5\" is not a whole number",
            ),
            (
                "month,net_days,headcount\n2018-10,1,2\n,,\n",
                "line 3: the row is empty",
            ),
        ];
        for (text, expected) in cases {
            let err = MonthlySeries::from_csv_str(text).unwrap_err();
            assert_eq!(err.to_string(), expected, "input {text:?}");
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        for (text, line) in [
            ("month,net_days,headcount\n2018-10,1,2\n2018-10,1,2\n", 3),
            ("month,net_days,headcount\r\n2018-10,1,2\r\n2018-10,1,2\r\n", 3),
            ("month,net_days,headcount\r2018-10,1,2\r2018-10,1,2\r", 3),
            ("month,net_days,headcount\r\r2018-10,1,2\n\n2018-10,1,2", 5),
        ] {
            let err = MonthlySeries::from_csv_str(text).unwrap_err();
            assert_eq!(err.location().line(), Some(line), "{text:?}");
        }
    }

    #[test]
    fn lines_and_fields_have_a_limit() {
        let long = "9".repeat(MAX_CSV_LINE_BYTES);
        for end in ["\n", "\r\n", "\r"] {
            // A line at the limit is read (and refused for what it holds);
            // one byte more is refused for its length, naming it.
            let at = format!("month,index{end}2019-01,1{end}{long}{end}");
            assert!(!matches!(
                NationalIndex::from_csv_str(&at).unwrap_err().kind(),
                ErrorKind::LineTooLong { .. }
            ));
            let above = format!("month,index{end}2019-01,1{end}{long}9{end}2019-02,1");
            assert_eq!(
                NationalIndex::from_csv_str(&above).unwrap_err().to_string(),
                "line 3: the line is 65537 bytes long, above the limit of 65536 bytes",
                "{end:?}"
            );
        }
        let at = format!("month,index\n2019-01,{}\n", "9".repeat(MAX_CSV_FIELD_BYTES));
        assert!(!matches!(
            NationalIndex::from_csv_str(&at).unwrap_err().kind(),
            ErrorKind::FieldTooLong { .. }
        ));
        let above = format!("month,index\n2019-01,{}\n", "9".repeat(MAX_CSV_FIELD_BYTES + 1));
        let err = NationalIndex::from_csv_str(&above).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "line 2: field index: the field is 257 bytes long, above the limit of 256 bytes: \"{}\"…",
                "9".repeat(40)
            )
        );
        // A header field too.
        let header = format!("month,{}\n", "x".repeat(300));
        assert!(matches!(
            NationalIndex::from_csv_str(&header).unwrap_err().kind(),
            ErrorKind::FieldTooLong { bytes: 300, .. }
        ));
    }

    #[test]
    fn an_unclosed_quote_is_quoted_in_short() {
        let text = format!("month,index\n2019-01,\"{}\n", "9".repeat(100));
        assert_eq!(
            NationalIndex::from_csv_str(&text).unwrap_err().to_string(),
            format!("line 2: a quote is not closed: \"2019-01,\\\"{}\"…", "9".repeat(31))
        );
    }

    #[test]
    fn duplicate_months_name_both_lines() {
        let err = NationalIndex::from_csv_str("month,index\n2018-10,9\n2018-11,9\n2018-10,9\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4: field month: month 2018-10 appears twice (first on line 2)"
        );
    }
}
