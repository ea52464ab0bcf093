//! The formats and number styles that `settle` and `ledger` share, and the one
//! place that picks the format from `--format` or from `--out`'s extension.

use std::path::Path;

use clap::ValueEnum;
use clap::error::ErrorKind;
use utfall_engine::CsvOutput;
use utfall_render::Style;

use crate::messages;

/// What `--format` names. The help text of each is in the flag's doc comment,
/// since it differs between a statement and a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
    Csv,
    Xlsx,
}

impl Format {
    /// The name as typed after `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// Whether `subcommand` writes this format: HTML is a statement's only
    /// (`settle`); a ledger's is not built yet.
    fn written_by(self, subcommand: &str) -> bool {
        self != Format::Html || subcommand == "settle"
    }
}

/// The extensions of `--out` that choose a format when `--format` is absent.
const EXTENSIONS: [(Format, &[&str]); 6] = [
    (Format::Text, &["txt", "text"]),
    (Format::Markdown, &["md", "markdown"]),
    (Format::Html, &["html", "htm"]),
    (Format::Json, &["json"]),
    (Format::Csv, &["csv"]),
    (Format::Xlsx, &["xlsx"]),
];

/// The formats `subcommand` writes, as `--format` names them: `text, markdown, …`.
fn names(subcommand: &str) -> String {
    let names: Vec<&str> = EXTENSIONS
        .iter()
        .map(|(format, _)| *format)
        .filter(|format| format.written_by(subcommand))
        .map(Format::name)
        .collect();
    names.join(", ")
}

/// What `--locale` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Locale {
    Sv,
    En,
}

impl Locale {
    /// The number style of the locale.
    pub fn style(self) -> Style {
        match self {
            Locale::Sv => Style::swedish(),
            Locale::En => Style::english(),
        }
    }
}

/// What `--csv` names: how CSV output is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvChoice {
    /// ',' between fields, '.' decimals, \n, no byte-order mark: for programs (the default)
    Machine,
    /// ';' between fields, decimal commas, a UTF-8 byte-order mark, \r\n, Swedish headers: for Excel set to Swedish
    ExcelSv,
}

impl CsvChoice {
    /// The engine's dialect.
    pub fn output(self) -> CsvOutput {
        match self {
            CsvChoice::Machine => CsvOutput::Machine,
            CsvChoice::ExcelSv => CsvOutput::ExcelSv,
        }
    }
}

/// The format and the CSV dialect with `--csv DIALECT` as well: `--csv`
/// alone asks for CSV (unless `--out`'s extension says otherwise); with a
/// format that is not CSV it is a command-line error.
///
/// # Errors
/// As [`choose`], and a command-line error of `subcommand` for `--csv` with
/// another format.
pub fn choose_with_csv(
    asked: Option<Format>,
    out: Option<&Path>,
    csv: Option<CsvChoice>,
    subcommand: &str,
) -> Result<(Format, CsvOutput), clap::Error> {
    let format = match (asked, csv, out.and_then(Path::extension)) {
        (None, Some(_), None) => Format::Csv,
        _ => choose(asked, out, subcommand)?,
    };
    match csv {
        Some(choice) if format != Format::Csv => Err(messages::usage(
            subcommand,
            ErrorKind::ArgumentConflict,
            format!(
                "--csv {} applies to CSV output, and the output here is {}",
                choice.output().name(),
                format.name()
            ),
        )),
        choice => Ok((format, choice.map_or(CsvOutput::Machine, CsvChoice::output))),
    }
}

/// The format asked for, else the one `out`'s extension names (any case),
/// else text.
///
/// # Errors
/// A command-line error of `subcommand` when the extension names no format,
/// when the format is one `subcommand` does not write (HTML but for
/// `settle`), or when xlsx is asked of a program built without it.
pub fn choose(asked: Option<Format>, out: Option<&Path>, subcommand: &str) -> Result<Format, clap::Error> {
    let format = match (asked, out.and_then(Path::extension)) {
        (Some(format), _) => format,
        (None, None) => Format::Text,
        (None, Some(extension)) => {
            let extension = extension.to_string_lossy().to_lowercase();
            EXTENSIONS
                .iter()
                .find(|(_, extensions)| extensions.contains(&extension.as_str()))
                .map(|(format, _)| *format)
                .ok_or_else(|| {
                    messages::usage(
                        subcommand,
                        ErrorKind::InvalidValue,
                        format!(
                            "--out: cannot tell the format from the extension \".{extension}\"; give --format ({})",
                            names(subcommand)
                        ),
                    )
                })?
        }
    };
    if !format.written_by(subcommand) {
        return Err(messages::usage(
            subcommand,
            ErrorKind::InvalidValue,
            format!(
                "only utfall settle writes {} so far; give --format ({})",
                format.name(),
                names(subcommand)
            ),
        ));
    }
    if format == Format::Xlsx && !cfg!(feature = "xlsx") {
        return Err(messages::usage(
            subcommand,
            ErrorKind::InvalidValue,
            "this utfall is built without xlsx; build it with the feature `xlsx` (a default feature)",
        ));
    }
    Ok(format)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Format, choose};

    #[test]
    fn the_format_follows_the_flag_then_the_extension_then_text() {
        let pick = |asked, out: Option<&str>| choose(asked, out.map(Path::new), "settle").ok();
        assert_eq!(pick(Some(Format::Json), Some("a.txt")), Some(Format::Json));
        assert_eq!(pick(None, Some("a.MD")), Some(Format::Markdown));
        assert_eq!(pick(None, Some("statement.html")), Some(Format::Html));
        assert_eq!(pick(None, Some("statement.HTM")), Some(Format::Html));
        assert_eq!(pick(None, Some("dir.d/statement")), Some(Format::Text));
        assert_eq!(pick(None, None), Some(Format::Text));
        assert_eq!(pick(None, Some("a.pdf")), None);
        assert_eq!(pick(None, Some("a.xlsx")).is_some(), cfg!(feature = "xlsx"));
    }

    #[test]
    fn only_settle_writes_html() {
        assert!(choose(Some(Format::Html), None, "settle").is_ok());
        assert!(choose(Some(Format::Html), None, "ledger").is_err());
        assert!(choose(None, Some(Path::new("ledger.html")), "ledger").is_err());
        let refused = choose(None, Some(Path::new("a.pdf")), "ledger")
            .err()
            .map(|e| e.to_string());
        assert!(refused.is_some_and(|e| e.contains("give --format (text, markdown, json, csv, xlsx)")));
        let refused = choose(None, Some(Path::new("a.pdf")), "settle")
            .err()
            .map(|e| e.to_string());
        assert!(refused.is_some_and(|e| e.contains("give --format (text, markdown, html, json, csv, xlsx)")));
    }

    #[test]
    fn csv_dialects_ask_for_csv() {
        use super::{CsvChoice, CsvOutput, choose_with_csv};
        let pick = |asked, out: Option<&str>, csv| choose_with_csv(asked, out.map(Path::new), csv, "settle").ok();
        let sv = Some(CsvChoice::ExcelSv);
        assert_eq!(pick(None, None, sv), Some((Format::Csv, CsvOutput::ExcelSv)));
        assert_eq!(pick(None, Some("a.csv"), sv), Some((Format::Csv, CsvOutput::ExcelSv)));
        assert_eq!(pick(None, None, None), Some((Format::Text, CsvOutput::Machine)));
        assert_eq!(pick(Some(Format::Json), None, sv), None);
        assert_eq!(pick(None, Some("a.txt"), sv), None);
    }
}
