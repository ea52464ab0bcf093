//! How the input files are written: the flags that say it (`--delimiter`,
//! `--encoding`, and for `measure` `--columns`, `--sheet`, `--config`), their
//! merge with a measurement config (flags win), and the reading of a file in
//! its form: decoded, or a workbook's sheet turned into CSV. What was used
//! is said in words for `measure`'s summary line.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueHint};
use utfall_absence::{CsvDialect, CsvForm, Delimiter, Encoding, FileConfig, Format, Mapping, MeasureConfig};

use crate::input::shown;

/// `--delimiter` and `--encoding`: how the CSV inputs of a subcommand are written.
#[derive(Debug, Clone, Default, Args)]
pub struct DialectArgs {
    /// The separator of the CSV inputs: ',', ';' or tab [default: found from each header line]
    ///
    /// Without it each file's header line says: the one of ',', ';' and tab
    /// it holds outside quotes (a header holding two kinds is an error). With
    /// ';' or tab, numbers may have a decimal comma (7,5).
    #[arg(long, value_name = "SEP", value_parser = delimiter, verbatim_doc_comment)]
    pub delimiter: Option<Delimiter>,

    /// The character encoding of the inputs: utf-8 or windows-1252 [default: utf-8]
    ///
    /// iso-8859-1 (Latin-1) is read as windows-1252. A UTF-8 byte-order mark
    /// is allowed. A file read as UTF-8 that is not is an error naming the
    /// line: it is never guessed.
    #[arg(long, value_name = "ENCODING", value_parser = encoding, verbatim_doc_comment)]
    pub encoding: Option<Encoding>,
}

/// The flags of `measure` about how its inputs are written.
#[derive(Debug, Clone, Default, Args)]
pub struct MeasureFormArgs {
    /// The separator and encoding of every input.
    #[command(flatten)]
    pub dialect: DialectArgs,

    /// The absence file's names for our columns: employee_id=Anstnr,date=Datum,hours=Timmar
    ///
    /// Columns not named keep their own names (employee_id, date, hours,
    /// department, sex). A name that is not one of ours is a command-line
    /// error; a mapped name missing from the file's header an error naming it.
    #[arg(long, value_name = "MAP", value_parser = absence_columns, verbatim_doc_comment)]
    pub columns: Option<Mapping>,

    /// The headcount file's names for our columns: month=Månad,employees=Antal
    #[arg(long, value_name = "MAP", value_parser = headcount_columns)]
    pub headcount_columns: Option<Mapping>,

    /// The register file's names for our columns: employee_id=Anstnr,start=Från,end=Till
    ///
    /// Columns not named keep their own names (employee_id, start, end,
    /// department, workplace, sex, birth_year).
    #[arg(long, value_name = "MAP", value_parser = register_columns, requires = "register", verbatim_doc_comment)]
    pub register_columns: Option<Mapping>,

    /// The sheet of an .xlsx absence file [default: its first sheet]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The sheet of an .xlsx headcount file [default: its first sheet]
    #[arg(long, value_name = "NAME")]
    pub headcount_sheet: Option<String>,

    /// The sheet of an .xlsx register file [default: its first sheet]
    #[arg(long, value_name = "NAME", requires = "register")]
    pub register_sheet: Option<String>,

    /// A measurement config (TOML): separator, encoding, sheets, column names
    ///
    /// Written once for a municipality's exports; the flags above override
    /// it. Its keys are in docs/formats.md (Measurement config).
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    pub config: Option<PathBuf>,
}

fn delimiter(text: &str) -> Result<Delimiter, utfall_absence::CsvErrorKind> {
    text.parse()
}

fn encoding(text: &str) -> Result<Encoding, utfall_absence::Error> {
    text.parse()
}

fn absence_columns(text: &str) -> Result<Mapping, utfall_absence::Error> {
    Mapping::parse(text, &Format::ABSENCE_FILE)
}

fn headcount_columns(text: &str) -> Result<Mapping, utfall_absence::Error> {
    Mapping::parse(text, &Format::HEADCOUNT)
}

fn register_columns(text: &str) -> Result<Mapping, utfall_absence::Error> {
    Mapping::parse(text, &Format::REGISTER)
}

/// How each input of `measure` is written.
pub struct MeasureFiles {
    /// The absence records.
    pub absence: FileConfig,
    /// The headcount file.
    pub headcount: FileConfig,
    /// The employee register.
    pub register: FileConfig,
}

impl MeasureFormArgs {
    /// The absence file's, the headcount file's and the register's forms:
    /// the config's, each part the flags give replaced.
    ///
    /// # Errors
    /// When the config cannot be read or is bad.
    pub fn files(&self) -> Result<MeasureFiles> {
        let config = match &self.config {
            Some(path) => MeasureConfig::from_toml_str(&crate::input::read(path, "measurement config")?)
                .map_err(|e| e.in_file(shown(path)))?,
            None => MeasureConfig::default(),
        };
        let merge = |file: FileConfig, columns: &Option<Mapping>, sheet: &Option<String>| FileConfig {
            delimiter: self.dialect.delimiter.or(file.delimiter),
            encoding: self.dialect.encoding.or(file.encoding),
            sheet: sheet.clone().or(file.sheet),
            columns: columns.clone().unwrap_or(file.columns),
        };
        Ok(MeasureFiles {
            absence: merge(config.absence, &self.columns, &self.sheet),
            headcount: merge(config.headcount, &self.headcount_columns, &self.headcount_sheet),
            register: merge(config.register, &self.register_columns, &self.register_sheet),
        })
    }
}

/// An input as it is read: its bytes as the CSV readers take them (a
/// workbook's sheet as CSV), the form to read them in, the name its errors
/// give it, and how it was read, in words.
pub struct Input {
    /// The bytes, for a workbook the sheet's CSV; `None` for a CSV file,
    /// which is streamed from its path.
    pub sheet_csv: Option<Vec<u8>>,
    /// How to read it.
    pub form: CsvForm,
    /// The file as errors name it: `absence.xlsx (sheet "Blad1")`.
    pub shown: String,
    /// How it is read, for the summary: `';'-separated, decimal comma, Windows-1252`.
    pub described: String,
    /// Whether it is read as plain CSV: ',', UTF-8, our column names.
    pub plain: bool,
}

impl Input {
    /// The text to read, from its start: the sheet's CSV, or the file at
    /// `path` (which a signal stops reading).
    ///
    /// # Errors
    /// When the file cannot be opened.
    pub fn open<'a>(&'a self, path: &Path) -> std::io::Result<Box<dyn std::io::Read + Send + 'a>> {
        Ok(match &self.sheet_csv {
            Some(csv) => Box::new(csv.as_slice()),
            None => Box::new(crate::interrupt::Reader(std::fs::File::open(path)?)),
        })
    }
}

/// How the file at `path` is read, as `file` says: a workbook (by its first
/// bytes) as the CSV of its sheet, else a CSV file whose separator, if not
/// given, is found from its header line now, so that the summary says it.
///
/// # Errors
/// When the file cannot be read, its sheet is missing or bad, its header
/// line holds more than one kind of separator.
pub fn input(path: &Path, what: &str, file: &FileConfig) -> Result<Input> {
    let mut start = [0u8; 4];
    let head = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).with_context(|| format!("cannot read the {what} file {path:?}"))?;
        let n = f
            .read(&mut start)
            .with_context(|| format!("cannot read the {what} file {path:?}"))?;
        start.get(..n).unwrap_or_default().to_vec()
    };
    if utfall_absence::is_workbook(&head) {
        return workbook(path, what, file);
    }
    let form = file.form();
    let opened = std::fs::File::open(path).with_context(|| format!("cannot read the {what} file {path:?}"))?;
    let delimiter = form.delimiter(opened).map_err(|e| e.in_file(shown(path)))?;
    let described = form.describe(delimiter);
    let plain = delimiter == Delimiter::Comma && form.encoding == Encoding::Utf8 && form.columns.is_empty();
    Ok(Input {
        plain,
        sheet_csv: None,
        form: CsvForm {
            dialect: CsvDialect::given(delimiter),
            ..form
        },
        shown: shown(path),
        described,
    })
}

#[cfg(feature = "xlsx")]
fn workbook(path: &Path, what: &str, file: &FileConfig) -> Result<Input> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read the {what} file {path:?}"))?;
    let sheet = utfall_absence::read_sheet(&bytes, file.sheet.as_deref()).map_err(|e| e.in_file(shown(path)))?;
    let form = CsvForm {
        dialect: CsvDialect::given(Delimiter::Comma),
        encoding: Encoding::Utf8,
        columns: file.columns.clone(),
    };
    let mut described = format!("sheet {:?} of a workbook", sheet.name);
    if !form.columns.is_empty() {
        described.push_str(&format!(", columns {}", form.columns));
    }
    Ok(Input {
        plain: false,
        shown: format!("{} (sheet {:?})", shown(path), sheet.name),
        sheet_csv: Some(sheet.csv),
        form,
        described,
    })
}

#[cfg(not(feature = "xlsx"))]
fn workbook(path: &Path, _what: &str, _file: &FileConfig) -> Result<Input> {
    anyhow::bail!("{} is a workbook, and this utfall is built without xlsx", shown(path))
}

/// The text of the monthly data file at `path` (a series or an index) in
/// `encoding`, and the dialect to read it in.
///
/// # Errors
/// When it cannot be read, or is not in the encoding.
pub fn monthly_text(path: &Path, what: &str, args: &DialectArgs) -> Result<(String, utfall_engine::CsvDialect)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read the {what} file {path:?}"))?;
    let text = args
        .encoding
        .unwrap_or_default()
        .decode(&bytes)
        .map_err(|e| e.in_file(shown(path)))?
        .into_owned();
    Ok((
        text,
        utfall_engine::CsvDialect {
            delimiter: args.delimiter,
        },
    ))
}
