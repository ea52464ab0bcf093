//! # utfall-absence
//!
//! Measures sick leave from payroll absence records (`docs/method.md` §6): spells
//! (maximal runs of consecutive sick dates per employee), net days per month in
//! the bands days 1–14, 15–90 and 91+, per whole organisation, department and
//! sex, per employee from a headcount file, and the repeated-absence group
//! (four or more spells starting in twelve months) with its inflow.
//!
//! ```
//! use utfall_absence::{measure_reader, Headcount};
//!
//! let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n")?;
//! let records = "\
//! employee_id,date,hours
//! 1,2020-01-04,0
//! 1,2020-01-02,8
//! 1,2020-01-03,8
//! ";
//! let m = measure_reader(records.as_bytes(), &headcount)?;
//! // One spell of three days (the 0-hour Saturday keeps it going): 16 hours = 2 net days.
//! assert_eq!(m.summary().spells, 1);
//! assert_eq!(m.net_days()[0].net_days().to_string(), "2");
//! assert_eq!(m.net_days()[0].per_employee().unwrap().to_string(), "0.2");
//! # Ok::<(), utfall_absence::Error>(())
//! ```
//!
//! [`measure_reader`] takes the records in one reader, with the default
//! [`Options`]; [`measure()`] takes a way to open them again (records not in
//! date order per employee are read twice), [`Options`] and a progress
//! callback, and sorts inputs larger than memory in temporary files. The
//! [`Measurement`] writes itself as CSV files or JSON.
//!
//! Hours are read as whole centi-hours and summed as integers, so no result
//! depends on the order of the rows.
//!
//! The (private) modules, in the order the data flows: `headcount` (the headcount file),
//! `register` (the employee register, the headcounts it gives and the check of sick dates against it)
//! and `options`; `records` reads rows (with `lines` and `fields`), checking
//! `months` and groups; `tracker` builds spells and sums hours in one pass
//! (`spill` holds rows to sort beyond memory; `employee_errors` reads again to
//! name the lines of an error the tracker finds); `aggregate` turns the sums
//! into the tables of `measurement` (`suppress` marks the small groups in
//! them), which `output` writes; `measure` runs it all.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod aggregate;
mod columns;
mod config;
mod dated;
mod dates;
mod employee_errors;
mod encoding;
mod error;
mod expand;
mod fields;
#[allow(dead_code)] // wired into the measurement in the following commits
mod followup;
mod headcount;
mod holidays;
mod lines;
mod measure;
mod measurement;
mod months;
mod options;
mod output;
mod periods;
mod records;
mod register;
mod schedule;
mod spill;
mod suppress;
#[cfg(test)]
mod test_dir;
mod tracker;
#[cfg(feature = "xlsx")]
mod xlsx;

/// The date type of [`Options::until`].
pub use chrono::NaiveDate;
pub use columns::{Column, Format, Mapping};
pub use config::{FileConfig, MeasureConfig};
pub use dates::parse_date;
pub use encoding::Encoding;
pub use error::{CsvErrorKind, Error, ErrorKind, Excerpt};
pub use followup::{
    Arm, Cohort, CohortCounts, CohortPeriods, Comparison, DepartmentVariation, Distribution, FollowGroup, FollowTable,
    FollowUp, FollowUpOptions, GroupNetDays, GroupRepeated, Half, HalfYear, TreatedWorkplace, WatchReason, WatchRule,
    Watched, read_treated,
};
pub use headcount::Headcount;
pub use measure::{measure, measure_reader};
pub use measurement::{Band, Censored, FlaggedRow, Group, Measurement, NetDays, Repeated, SpellRow, Summary};
pub use options::{AbsenceFormat, CsvForm, Ids, Options, Threads};
pub use register::{AgeGroup, Register, age_group};
pub use schedule::{Schedule, Workdays};
pub use suppress::Suppressed;
pub use utfall_engine::Location;
pub use utfall_engine::{CsvDialect, Delimiter};
#[cfg(feature = "xlsx")]
pub use xlsx::{Sheet, read_sheet};

/// Whether `bytes` (the start of a file) are a zip archive, as an `.xlsx`
/// workbook is: a file to read with `read_sheet` (feature `xlsx`) rather than
/// as CSV.
///
/// # Example
/// ```
/// assert!(utfall_absence::is_workbook(b"PK\x03\x04..."));
/// assert!(!utfall_absence::is_workbook(b"employee_id,date,hours\n"));
/// ```
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The measurement's phases one at a time, for benchmarks (`benches/`); not a
/// stable interface.
#[doc(hidden)]
pub mod phases {
    use crate::lines::Flow;
    use crate::months::MonthCheck;
    use crate::records::{Dimensions, RecordReader, Row};
    use crate::tracker::Tracker;
    use crate::{Error, Headcount, Measurement, Options};

    /// Parsed rows.
    pub struct Parsed {
        rows: Vec<Row>,
        dimensions: Dimensions,
        reader: RecordReader,
        months: MonthCheck,
    }

    /// Spells built and hours summed, not yet reported.
    pub struct Tracked {
        tracker: Tracker,
    }

    impl Tracked {
        /// Rows tracked.
        pub fn rows(&self) -> u64 {
            self.tracker.rows
        }
    }

    /// Parses absence CSV text.
    ///
    /// # Errors
    /// As [`measure`](crate::measure()).
    pub fn parse(text: &[u8], headcount: &Headcount, options: &Options) -> Result<Parsed, Error> {
        let months = MonthCheck::new(headcount, options.history)?;
        let mut reader = RecordReader::new(options);
        let mut rows = Vec::new();
        let dimensions = reader.read(text, headcount, &months, &mut |_| {}, |batch, _| {
            rows.extend_from_slice(batch);
            Ok(Flow::Continue)
        })?;
        Ok(Parsed {
            rows,
            dimensions,
            reader,
            months,
        })
    }

    impl Parsed {
        /// Rows parsed.
        pub fn len(&self) -> usize {
            self.rows.len()
        }

        /// Whether no row was parsed.
        pub fn is_empty(&self) -> bool {
            self.rows.is_empty()
        }

        /// Builds spells and sums hours, in file order (each employee's rows
        /// must come in date order).
        pub fn track(&self) -> Tracked {
            let mut tracker = Tracker::new(&self.months, self.dimensions);
            for batch in self.rows.chunks(crate::records::BATCH) {
                let _ = tracker.push(batch);
            }
            Tracked { tracker }
        }

        /// Reports: groups, per-employee figures, the repeated-absence group.
        pub fn report(&self, tracked: Tracked, headcount: &Headcount, options: &Options) -> Measurement {
            crate::aggregate::measurement(tracked.tracker, headcount, &self.reader, options)
        }
    }
}
