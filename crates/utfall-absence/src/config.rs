//! A measurement config file (TOML, `measure --config FILE`;
//! `docs/formats.md`, *Measurement config*): how a municipality's exports are
//! written (separator, encoding, sheet, column names), written down once.
//! Read strictly: an unknown key or a bad value is an error naming its line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use utfall_engine::{CsvDialect, Delimiter};

use crate::columns::{Format, Mapping};
use crate::encoding::Encoding;
use crate::options::CsvForm;
use crate::{Error, ErrorKind};

/// How one input file is written, as a config gives it: each part `None`
/// (or an empty mapping) where the config says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileConfig {
    /// The separator.
    pub delimiter: Option<Delimiter>,
    /// The character encoding.
    pub encoding: Option<Encoding>,
    /// The sheet of a workbook (`.xlsx`).
    pub sheet: Option<String>,
    /// The names the file uses for our columns.
    pub columns: Mapping,
}

impl FileConfig {
    /// The form of a CSV file written so: what is not given is found from
    /// the header line (the separator) or the default (UTF-8).
    pub fn form(&self) -> CsvForm {
        CsvForm {
            dialect: CsvDialect {
                delimiter: self.delimiter,
            },
            encoding: self.encoding.unwrap_or_default(),
            columns: self.columns.clone(),
        }
    }
}

/// A measurement config: the absence file's form at the top level, the
/// headcount file's in `[headcount]` and the employee register's in
/// `[register]` (their separator and encoding default to the top level's).
///
/// # Example
/// ```
/// use utfall_absence::{Delimiter, Encoding, MeasureConfig};
/// let config = MeasureConfig::from_toml_str(r#"
/// delimiter = ";"
/// encoding = "windows-1252"
/// [columns]
/// employee_id = "Anstnr"
/// date = "Datum"
/// hours = "Timmar"
/// [headcount.columns]
/// month = "Månad"
/// employees = "Anställda"
/// [register.columns]
/// employee_id = "Anstnr"
/// start = "Från"
/// "#)?;
/// assert_eq!(config.absence.delimiter, Some(Delimiter::Semicolon));
/// assert_eq!(config.headcount.encoding, Some(Encoding::Windows1252));
/// assert_eq!(config.headcount.columns.file_name("month"), "Månad");
/// assert_eq!(config.register.encoding, Some(Encoding::Windows1252));
/// assert_eq!(config.register.columns.file_name("start"), "Från");
///
/// let err = MeasureConfig::from_toml_str("delimiter = \";\"\nseparator = \",\"\n").unwrap_err();
/// assert!(err.to_string().starts_with("line 2: unknown field `separator`"), "{err}");
/// # Ok::<(), utfall_absence::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MeasureConfig {
    /// The absence file.
    pub absence: FileConfig,
    /// The headcount file.
    pub headcount: FileConfig,
    /// The employee register.
    pub register: FileConfig,
}

/// The file as TOML has it; every key optional, none unknown.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    delimiter: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    sheet: Option<String>,
    columns: Option<Spanned<BTreeMap<String, String>>>,
    headcount: Option<RawFile>,
    register: Option<RawFile>,
    // Measurement settings that are not about the input files go here, each
    // an `Option` read into `MeasureConfig`.
}

/// `[headcount]` and `[register]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    delimiter: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    sheet: Option<String>,
    columns: Option<Spanned<BTreeMap<String, String>>>,
}

impl MeasureConfig {
    /// Reads a config from TOML text.
    ///
    /// # Errors
    /// [`ErrorKind::Config`] for TOML that cannot be read, an unknown key, a
    /// value of the wrong type; a separator, encoding or column mapping that
    /// cannot be read; each at its line.
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            let error = Error::new(ErrorKind::Config { message });
            match e.span() {
                Some(span) => error.at_line(line_of(text, span.start)),
                None => error,
            }
        })?;
        let absence = FileConfig {
            delimiter: delimiter(text, raw.delimiter.as_ref())?,
            encoding: encoding(text, raw.encoding.as_ref())?,
            sheet: raw.sheet,
            columns: mapping(text, raw.columns, &Format::ABSENCE_FILE)?,
        };
        // A file of its own section: its separator and encoding default to
        // the absence file's.
        let file = |raw: Option<RawFile>, format: &Format| -> Result<FileConfig, Error> {
            let own = match raw {
                None => FileConfig::default(),
                Some(file) => FileConfig {
                    delimiter: delimiter(text, file.delimiter.as_ref())?,
                    encoding: encoding(text, file.encoding.as_ref())?,
                    sheet: file.sheet,
                    columns: mapping(text, file.columns, format)?,
                },
            };
            Ok(FileConfig {
                delimiter: own.delimiter.or(absence.delimiter),
                encoding: own.encoding.or(absence.encoding),
                ..own
            })
        };
        Ok(Self {
            headcount: file(raw.headcount, &Format::HEADCOUNT)?,
            register: file(raw.register, &Format::REGISTER)?,
            absence,
        })
    }
}

/// The line of byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .unwrap_or(text)
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn delimiter(text: &str, value: Option<&Spanned<String>>) -> Result<Option<Delimiter>, Error> {
    value
        .map(|v| {
            v.get_ref().parse().map_err(|e| {
                Error::new(e)
                    .at_line(line_of(text, v.span().start))
                    .at_field("delimiter")
            })
        })
        .transpose()
}

fn encoding(text: &str, value: Option<&Spanned<String>>) -> Result<Option<Encoding>, Error> {
    value
        .map(|v| {
            v.get_ref()
                .parse::<Encoding>()
                .map_err(|e| e.at_line(line_of(text, v.span().start)).at_field("encoding"))
        })
        .transpose()
}

fn mapping(text: &str, value: Option<Spanned<BTreeMap<String, String>>>, format: &Format) -> Result<Mapping, Error> {
    let Some(value) = value else {
        return Ok(Mapping::default());
    };
    let line = line_of(text, value.span().start);
    // In the format's order of columns, whatever the file's order.
    let mut pairs: Vec<(String, String)> = value.into_inner().into_iter().collect();
    pairs.sort_by_key(|(ours, _)| format.position(ours).unwrap_or(usize::MAX));
    Mapping::new(pairs, format).map_err(|e| e.at_line(line).at_field("columns"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_named_by_line() {
        for (text, message) in [
            (
                "delimiter = \"|\"\n",
                "line 1: field delimiter: \"|\" is not a separator: write ',', ';' or tab",
            ),
            (
                "\n[headcount]\nencoding = \"ebcdic\"\n",
                "line 3: field encoding: \"ebcdic\" is not an encoding: write utf-8 or windows-1252 (iso-8859-1 is read as windows-1252)",
            ),
            (
                "[columns]\nemployee = \"Anstnr\"\n",
                "line 1: field columns: the column mapping names \"employee\", which absence files do not have (columns: employee_id,date,hours or employee_id,from,to,extent, and optionally department,sex)",
            ),
            (
                "delimiter = 1\n",
                "line 1: invalid type: integer `1`, expected a string",
            ),
        ] {
            assert_eq!(
                MeasureConfig::from_toml_str(text).unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
    }

    #[test]
    fn the_headcount_file_takes_the_separator_and_encoding_unless_it_has_its_own() {
        let config = MeasureConfig::from_toml_str("delimiter = \"tab\"\n[headcount]\ndelimiter = \",\"\n").unwrap();
        assert_eq!(config.absence.delimiter, Some(Delimiter::Tab));
        assert_eq!(config.headcount.delimiter, Some(Delimiter::Comma));
        assert_eq!(config.headcount.form().encoding, Encoding::Utf8);
        assert_eq!(MeasureConfig::from_toml_str("").unwrap(), MeasureConfig::default());
    }

    #[test]
    fn the_register_has_a_section_of_its_own_as_the_headcount_does() {
        let config = MeasureConfig::from_toml_str(
            "encoding = \"windows-1252\"\ndelimiter = \";\"\n[register]\ndelimiter = \"tab\"\nsheet = \"Anställda\"\n[register.columns]\nend = \"Till\"\n",
        )
        .unwrap();
        assert_eq!(config.register.delimiter, Some(Delimiter::Tab));
        assert_eq!(config.register.encoding, Some(Encoding::Windows1252));
        assert_eq!(config.register.sheet.as_deref(), Some("Anställda"));
        assert_eq!(config.register.columns.file_name("end"), "Till");
        assert_eq!(config.headcount.delimiter, Some(Delimiter::Semicolon));
        let err = MeasureConfig::from_toml_str("\n[register.columns]\nmonth = \"Månad\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 2: field columns: the column mapping names \"month\""),
            "{err}"
        );
    }
}
