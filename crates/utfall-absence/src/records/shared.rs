//! What the reader of sick-leave periods (`crate::periods`) shares with the
//! record reader: the interning and checking of employee ids, the group
//! columns mapped to the headcount file's, and the check that a group has
//! headcount in a month. The period reader keeps a [`RecordReader`] for
//! them, so that the measurement reports ids and groups as for records.

use crate::fields::numeric_id;
use crate::months::MonthCheck;
use crate::records::groups::{Dictionary, GroupCheck};
use crate::records::{Dimensions, RecordReader};
use crate::{Error, Headcount};

impl RecordReader {
    /// Measures by department and sex when the file has the column and the
    /// headcount file has it too.
    pub(crate) fn use_groups(&mut self, department: bool, sex: bool, headcount: &Headcount, months: &MonthCheck) {
        let dictionary = |column, used: bool, names: Option<&[String]>| {
            names.filter(|_| used).map(|names| Dictionary::new(column, names))
        };
        self.departments = dictionary("department", department, headcount.departments());
        self.sexes = dictionary("sex", sex, headcount.sexes());
        self.groups = GroupCheck::new(headcount, months, self.departments.as_ref(), self.sexes.as_ref());
    }

    /// The group columns in use.
    pub(crate) fn dimensions(&self) -> Dimensions {
        let size = |d: &Option<Dictionary>| d.as_ref().map_or(1, |d| d.names.len().max(1));
        Dimensions {
            departments: size(&self.departments),
            sexes: size(&self.sexes),
            by_department: self.departments.is_some(),
            by_sex: self.sexes.is_some(),
        }
    }

    /// The index of a department (`sex` false) or sex value; 0 when the
    /// column is not measured.
    ///
    /// # Errors
    /// A value the headcount file does not have.
    pub(crate) fn group_index(&self, sex: bool, value: &[u8]) -> Result<u8, Error> {
        let dictionary = if sex { &self.sexes } else { &self.departments };
        dictionary.as_ref().map_or(Ok(0), |d| d.index(value))
    }

    /// Checks that a group has a headcount row in the month at `offset`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::NoGroupHeadcount`].
    pub(crate) fn check_group(&self, offset: i32, department: u8, sex: u8, months: &MonthCheck) -> Result<(), Error> {
        match &self.groups {
            Some(groups) if !groups.has(offset, department, sex) => {
                Err(groups.missing(offset, department, sex, months, self))
            }
            _ => Ok(()),
        }
    }

    /// The key of an id, interning it (and checking it against the ids
    /// written otherwise) when it is not a plain number.
    ///
    /// # Errors
    /// An empty, blank or too long id, or one written in two ways.
    pub(crate) fn key(&mut self, id: &[u8], line: u64) -> Result<u64, Error> {
        if let Some(number) = numeric_id(id) {
            return Ok(number);
        }
        match self.interned.get(id) {
            Some(key) => Ok(*key),
            None => self.intern(id, line),
        }
    }

    /// The key of an id already seen, as written, without adding it.
    pub(crate) fn known_key(&self, id: &[u8]) -> Option<u64> {
        numeric_id(id).or_else(|| self.interned.get(id).copied())
    }

    /// The key of the first id written otherwise that normalises to
    /// `normalised` (`" 7"` and `"007"` for `"7"`).
    pub(crate) fn alias(&self, normalised: &[u8]) -> Option<u64> {
        self.aliases.get(normalised).copied()
    }
}
