//! Reading the input files, each error naming the file as the user typed it.

use std::path::Path;

use anyhow::{Context, Result};
use utfall_engine::{Contract, InputFile, MonthlySeries, NationalIndex};

use crate::forms::{DialectArgs, monthly_text};

/// The path as the error line shows it.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The text of the `what` file at `path`.
///
/// # Errors
/// When it cannot be read, or is not UTF-8.
pub fn read(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read the {what} file {path:?}"))
}

/// The contract terms at `path`.
///
/// # Errors
/// When the file cannot be read or the terms are bad.
pub fn contract(path: &Path) -> Result<Contract> {
    Ok(Contract::from_toml_str(&read(path, "contract")?).map_err(|e| e.in_file(shown(path)))?)
}

/// The monthly series at `path`, written as `dialect` says.
///
/// # Errors
/// When the file cannot be read or a row is bad.
pub fn series(path: &Path, dialect: &DialectArgs) -> Result<MonthlySeries> {
    let (text, dialect) = monthly_text(path, "monthly series", dialect)?;
    Ok(MonthlySeries::from_csv_str_with(&text, dialect).map_err(|e| e.in_file(shown(path)))?)
}

/// The national index at `path`, if given, written as `dialect` says.
///
/// # Errors
/// When the file cannot be read or a row is bad.
pub fn index(path: Option<&Path>, dialect: &DialectArgs) -> Result<Option<NationalIndex>> {
    let Some(path) = path else { return Ok(None) };
    let (text, dialect) = monthly_text(path, "national index", dialect)?;
    Ok(Some(
        NationalIndex::from_csv_str_with(&text, dialect).map_err(|e| e.in_file(shown(path)))?,
    ))
}

/// An error from measuring the outcome, in the file at fault: the national
/// index when the engine says the error is the index's
/// ([`utfall_engine::Error::input_file`]); else the monthly series, which
/// every measurement reads.
pub fn blame(err: utfall_engine::Error, monthly: &Path, index: Option<&Path>) -> utfall_engine::Error {
    let file = match (err.input_file(), index) {
        (Some(InputFile::NationalIndex), Some(index)) => index,
        _ => monthly,
    };
    err.in_file(shown(file))
}
