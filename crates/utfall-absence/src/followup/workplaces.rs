//! The analyses over workplaces (`docs/method.md` §6.12): each workplace's
//! monthly net days per employee, and from them the treated and other
//! workplaces' distributions, the permutation test of their difference, the
//! half-yearly variation within departments and the workplaces with high or
//! rising sick leave. Exact decimals throughout; no floats.

use utfall_engine::Month;

/// One workplace's monthly sums: the input of the analyses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WorkplaceSeries {
    /// The department the workplace belongs to, when the register has the
    /// column (a workplace is the pair of department and workplace).
    pub department: Option<String>,
    /// The workplace's name.
    pub workplace: String,
    /// From the treated file: `None` when not treated; `Some(None)` when
    /// treated and the file gives no month; `Some(Some(m))` treated from `m`.
    pub treated: Option<Option<Month>>,
    /// Per month from [`Workplaces::first`]: centi-hours of sick leave per
    /// band (days 1–14, 15–90, 91+), summed over the workplace's employees.
    pub centi: Vec<[u64; 3]>,
    /// Per month from [`Workplaces::first`]: employees employed at the
    /// workplace on at least one day of the month.
    pub headcount: Vec<u32>,
}

/// Every workplace's monthly sums over the same months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Workplaces {
    /// The first month; every series has one entry per month from here.
    pub first: Month,
    /// The workplaces, sorted by department and workplace.
    pub series: Vec<WorkplaceSeries>,
}
