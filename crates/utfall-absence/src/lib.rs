//! # utfall-absence
//!
//! Measures sick leave from payroll absence records (SPEC.md section 3): spells
//! (maximal runs of consecutive sick dates per employee), net days per month in
//! the bands days 1–14, 15–90 and 91+, per whole organisation, department and
//! sex, per employee from a headcount file, and the repeated-absence group
//! (four or more spells starting in twelve months) with its inflow.
//!
//! ```
//! use utfall_absence::{measure, Headcount, Options};
//!
//! let headcount = Headcount::from_csv_str("month,employees\n2020-01,10\n")?;
//! let records = "\
//! employee_id,date,hours
//! 1,2020-01-04,0
//! 1,2020-01-02,8
//! 1,2020-01-03,8
//! ";
//! let m = measure(|| Ok(records.as_bytes()), &headcount, &Options::default(), &mut |_| {})?;
//! // One spell of three days (the 0-hour Saturday keeps it going): 16 hours = 2 net days.
//! assert_eq!(m.summary().spells, 1);
//! assert_eq!(m.net_days()[0].net_days().to_string(), "2");
//! assert_eq!(m.net_days()[0].per_employee().unwrap().to_string(), "0.2");
//! # Ok::<(), utfall_absence::Error>(())
//! ```
//!
//! Hours are read as whole centi-hours and summed as integers, so no result
//! depends on the order of the rows.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod fields;
mod headcount;
mod measure;
mod output;
mod records;
mod report;
mod spill;

pub use error::{Error, ErrorKind, Location};
pub use headcount::Headcount;
pub use measure::{Options, measure};
pub use report::{Band, Censored, FlaggedRow, Group, Measurement, NetDays, Repeated, SpellRow, Summary};
