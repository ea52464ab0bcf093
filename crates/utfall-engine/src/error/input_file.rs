//! Which input file an error is about, so that a program that read several
//! files can name the one at fault without knowing the engine's kinds.
//!
//! An error from measuring an outcome ([`Outcome::from_monthly`](crate::Outcome::from_monthly),
//! [`Ledger::run`](crate::Ledger::run)) may be the monthly series' or the
//! national index's: only its kind tells, and the kinds are the engine's.

use crate::{Error, ErrorKind};

/// An input file of the engine, as [`ErrorKind::input_file`] names the one at
/// fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFile {
    /// The monthly series ([`MonthlySeries`](crate::MonthlySeries)).
    MonthlySeries,
    /// The national index ([`NationalIndex`](crate::NationalIndex)).
    NationalIndex,
}

impl ErrorKind {
    /// The input file at fault, when the kind says which: a month the
    /// national index lacks, or an index value not above zero, is the index
    /// file's; a month the monthly series lacks, or a zero headcount in it, is
    /// the series'. `None` for a kind that any input or none may cause (a CSV
    /// that cannot be read, an overflow, an index given to a contract without
    /// trend adjustment or missing for one with it): the caller knows which
    /// file it was reading.
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, InputFile, MonthlySeries, NationalIndex, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/illustrative/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?; // trend = "national-index"
    /// let series = MonthlySeries::from_csv_str("month,net_days,headcount\n2017-08,9,10\n")?;
    /// let index = NationalIndex::from_csv_str("month,index\n2017-08,9.2\n")?;
    /// let err = Outcome::from_monthly(&contract, &series, Some(&index)).unwrap_err();
    /// assert_eq!(err.kind().input_file(), Some(InputFile::MonthlySeries));
    ///
    /// let series = MonthlySeries::from_csv_str(&std::fs::read_to_string(concat!(
    ///     env!("CARGO_MANIFEST_DIR"), "/../../examples/illustrative/monthly.csv")).unwrap())?;
    /// let err = Outcome::from_monthly(&contract, &series, Some(&index)).unwrap_err();
    /// assert_eq!(err.kind().input_file(), Some(InputFile::NationalIndex));
    ///
    /// let err = Outcome::from_monthly(&contract, &series, None).unwrap_err();
    /// assert_eq!(err.kind().input_file(), None); // the index is missing
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn input_file(&self) -> Option<InputFile> {
        match self {
            Self::MissingIndexMonth { .. } | Self::NonPositiveIndex { .. } => Some(InputFile::NationalIndex),
            Self::MissingMonth { .. } | Self::ZeroHeadcount { .. } => Some(InputFile::MonthlySeries),
            _ => None,
        }
    }
}

impl Error {
    /// The input file at fault, when the error's kind says which: see
    /// [`ErrorKind::input_file`].
    ///
    /// # Example
    /// ```
    /// use utfall_engine::{Contract, InputFile, MonthlySeries, Outcome};
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"),
    /// #     "/../../examples/payroll/contract.toml")).unwrap();
    /// let contract = Contract::from_toml_str(&text)?; // trend = "none"
    /// let series = MonthlySeries::from_csv_str("month,net_days,headcount\n")?;
    /// let err = Outcome::from_monthly(&contract, &series, None).unwrap_err();
    /// assert_eq!(err.input_file(), Some(InputFile::MonthlySeries));
    /// # Ok::<(), utfall_engine::Error>(())
    /// ```
    pub fn input_file(&self) -> Option<InputFile> {
        self.kind().input_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::hand::contract;
    use crate::{MonthlySeries, NationalIndex, Outcome};

    #[test]
    fn each_measuring_error_names_its_file() {
        let trend = |extra: &str| {
            crate::Contract::from_toml_str(
                &crate::hand::text(extra).replace("end = \"2020-06\"", "end = \"2020-06\", trend = \"national-index\""),
            )
            .unwrap()
        };
        let full = |h: u32| {
            let mut csv = String::from("month,net_days,headcount\n");
            for m in ["2019", "2020"]
                .iter()
                .flat_map(|y| (1..=6).map(move |m| format!("{y}-{m:02}")))
            {
                csv += &format!("{m},5,{h}\n");
            }
            MonthlySeries::from_csv_str(&csv).unwrap()
        };
        let empty = MonthlySeries::from_csv_str("month,net_days,headcount\n").unwrap();
        let index = NationalIndex::from_csv_str("month,index\n2019-01,1\n").unwrap();
        let file = |r: Result<Outcome, Error>| r.unwrap_err().input_file();
        assert_eq!(
            file(Outcome::from_monthly(&contract(""), &empty, None)),
            Some(InputFile::MonthlySeries)
        );
        assert_eq!(
            file(Outcome::from_monthly(&contract(""), &full(0), None)),
            Some(InputFile::MonthlySeries)
        );
        assert_eq!(
            file(Outcome::from_monthly(&trend(""), &full(1), Some(&index))),
            Some(InputFile::NationalIndex)
        );
        // Not one file's: the contract and the files given do not go together.
        assert_eq!(file(Outcome::from_monthly(&trend(""), &full(1), None)), None);
        assert_eq!(file(Outcome::from_monthly(&contract(""), &full(1), Some(&index))), None);
        let zero = NationalIndex::from_csv_str("month,index\n2019-01,0\n").map(|_| ());
        assert_eq!(zero.unwrap_err().input_file(), Some(InputFile::NationalIndex));
    }
}
