//! The group columns, department and sex: their values mapped to the
//! headcount file's indices, and, when the headcount file lacks a row for some
//! group in some month, the check that each record's group has one.

use crate::fields::{MAX_FIELD, too_long};
use crate::months::MonthCheck;
use crate::records::RecordReader;
use crate::{Error, ErrorKind, Excerpt, Headcount};

/// Maps a group column's values to the headcount file's indices.
pub(super) struct Dictionary {
    column: &'static str,
    pub(super) names: Vec<Vec<u8>>,
    /// Each name's length and its first and last eight bytes: equal to a
    /// value's exactly when the name is the value, for names of up to 16 bytes.
    packed: Vec<(usize, u64, u64)>,
}

/// A value's length and its first and last eight bytes (zero-padded).
fn pack(value: &[u8]) -> (usize, u64, u64) {
    let word = |bytes: &[u8]| {
        let mut w = [0u8; 8];
        for (slot, b) in w.iter_mut().zip(bytes) {
            *slot = *b;
        }
        u64::from_le_bytes(w)
    };
    let tail = value.get(value.len().saturating_sub(8)..).unwrap_or_default();
    (value.len(), word(value), word(tail))
}

impl Dictionary {
    pub(super) fn new(column: &'static str, names: &[String]) -> Self {
        Self {
            column,
            names: names.iter().map(|n| n.as_bytes().to_vec()).collect(),
            packed: names.iter().map(|n| pack(n.as_bytes())).collect(),
        }
    }

    pub(super) fn index(&self, value: &[u8]) -> Result<u8, Error> {
        let key = pack(value);
        let found = self
            .packed
            .iter()
            .zip(&self.names)
            .position(|(p, name)| *p == key && (value.len() <= 16 || name.as_slice() == value));
        match found {
            // At most 255 names (Headcount checks), so the index fits a u8.
            Some(i) => Ok(i as u8),
            None if value.len() > MAX_FIELD => Err(too_long(value, MAX_FIELD).at_field(self.column)),
            None => Err(Error::new(ErrorKind::UnknownGroup {
                column: self.column,
                value: Excerpt::of(value),
            })
            .at_field(self.column)),
        }
    }
}

/// The headcount cells of the dimensions in use.
pub(super) struct GroupCheck {
    present: Vec<bool>,
    departments: usize,
    sexes: usize,
}

impl GroupCheck {
    /// The cells of the headcount file, collapsed to the group columns in use;
    /// `None` when no group column is, or when every month with headcount has
    /// a row for every group (then nothing needs checking).
    pub(super) fn new(
        headcount: &Headcount,
        months: &MonthCheck,
        departments: Option<&Dictionary>,
        sexes: Option<&Dictionary>,
    ) -> Option<Self> {
        if departments.is_none() && sexes.is_none() {
            return None;
        }
        let size = |d: Option<&Dictionary>| d.map_or(1, |d| d.names.len().max(1));
        let (d, s) = (size(departments), size(sexes));
        let mut present = vec![false; months.has_headcount.len() * d * s];
        for (month, dep, sex) in headcount.cells().keys() {
            let Ok(m) = usize::try_from(months.first.months_until(*month)) else {
                continue;
            };
            let dep = if departments.is_some() { usize::from(*dep) } else { 0 };
            let sex = if sexes.is_some() { usize::from(*sex) } else { 0 };
            if let Some(cell) = present.get_mut((m * d + dep) * s + sex) {
                *cell = true;
            }
        }
        let complete = months
            .has_headcount
            .iter()
            .zip(present.chunks(d * s))
            .all(|(has, cells)| !has || cells.iter().all(|c| *c));
        (!complete).then_some(Self {
            present,
            departments: d,
            sexes: s,
        })
    }

    /// Whether a record of the month (offset) and group has a headcount row.
    /// Months before the first (history) have none and need none.
    #[inline]
    pub(super) fn has(&self, offset: i32, department: u8, sex: u8) -> bool {
        let Ok(m) = usize::try_from(offset) else {
            return true;
        };
        let cell = (m * self.departments + usize::from(department)) * self.sexes + usize::from(sex);
        self.present.get(cell) == Some(&true)
    }

    /// The error for a record whose group has no headcount row in its month.
    #[cold]
    pub(super) fn missing(
        &self,
        offset: i32,
        department: u8,
        sex: u8,
        months: &MonthCheck,
        reader: &RecordReader,
    ) -> Error {
        let m = usize::try_from(offset).unwrap_or(0);
        let (d, s) = (self.departments, self.sexes);
        let cell = |dep: usize, sex: usize| self.present.get((m * d + dep) * s + sex) == Some(&true);
        let name = |dictionary: &Option<Dictionary>, index: u8| {
            dictionary
                .as_ref()
                .and_then(|d| d.names.get(usize::from(index)))
                .map(|n| Excerpt::of(n).to_string())
                .unwrap_or_default()
        };
        let department_name = format!("department {}", name(&reader.departments, department));
        let sex_name = format!("sex {}", name(&reader.sexes, sex));
        let (group, field) = if reader.departments.is_some() && !(0..s).any(|x| cell(usize::from(department), x)) {
            (department_name, "department")
        } else if reader.sexes.is_some() && !(0..d).any(|x| cell(x, usize::from(sex))) {
            (sex_name, "sex")
        } else {
            (format!("{department_name}, {sex_name}"), "sex")
        };
        let month = months.first.add_months(offset).unwrap_or(months.first);
        Error::new(ErrorKind::NoGroupHeadcount { group, month }).at_field(field)
    }
}
