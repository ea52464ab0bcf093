//! The header of the period and schedule files: their columns found by name,
//! in any order, as the absence records' are (`docs/formats.md`, *CSV inputs
//! in general*). One function, so that the file formats read their headers
//! one way.

use crate::fields::Splitter;
use crate::{CsvErrorKind, Error, Excerpt};

/// Where each of a format's columns is in a file, by the format's order.
pub(crate) struct Columns<const N: usize> {
    /// Fields in the header (each row must have as many).
    pub count: usize,
    /// Each column's place, `None` when the file lacks it.
    pub at: [Option<usize>; N],
    /// The column names by place, for naming the field of an error.
    pub names: Vec<&'static str>,
}

impl<const N: usize> Columns<N> {
    /// Reads a header line: each name must be one of `names`, at most once,
    /// and the first `required` of them must be there. `expected` says the
    /// format's columns in an error.
    ///
    /// # Errors
    /// An unknown, repeated or missing column, at line 1.
    pub(crate) fn read(
        line: &[u8],
        names: [&'static str; N],
        required: usize,
        expected: &'static str,
    ) -> Result<Self, Error> {
        let mut splitter = Splitter::default();
        splitter.split(line).map_err(|e| e.at_line(1))?;
        let mut at = [None; N];
        let mut by_place = Vec::with_capacity(splitter.len());
        for i in 0..splitter.len() {
            let name = splitter.get(line, i);
            let known = names.iter().position(|c| c.as_bytes() == name);
            match known.and_then(|p| Some((at.get_mut(p)?, names.get(p)?))) {
                Some((slot @ None, column)) => {
                    *slot = Some(i);
                    by_place.push(*column);
                }
                _ => {
                    let column = Excerpt::of(name);
                    return Err(Error::new(CsvErrorKind::UnknownColumn { column, expected }).at_line(1));
                }
            }
        }
        if let Some(column) = names.iter().zip(&at).take(required).find(|(_, at)| at.is_none()) {
            let column = column.0;
            return Err(Error::new(CsvErrorKind::MissingColumn { column, expected }).at_line(1));
        }
        Ok(Self {
            count: splitter.len(),
            at,
            names: by_place,
        })
    }

    /// The place of column `i` of the format (`None` when absent).
    pub(crate) fn place(&self, i: usize) -> Option<usize> {
        self.at.get(i).copied().flatten()
    }

    /// Splits a row, checking its number of fields; an error names the field
    /// it stopped at.
    ///
    /// # Errors
    /// Bad quoting, or a number of fields other than the header's.
    pub(crate) fn split(&self, splitter: &mut Splitter, line: &[u8]) -> Result<(), Error> {
        splitter
            .split(line)
            .map_err(|e| match self.names.get(splitter.failed_field()) {
                Some(name) => e.at_field(*name),
                None => e,
            })?;
        if splitter.len() != self.count {
            return Err(crate::fields::csv_error(format!(
                "the row has {} fields, the header {}",
                splitter.len(),
                self.count
            )));
        }
        Ok(())
    }
}
