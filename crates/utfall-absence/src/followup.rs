//! The follow-up tables of the evaluation report's chapter on the project's
//! outcome, from the absence records and an employee register
//! (`docs/method.md` §6.12): net days by department, workplace, sex and age
//! group; workplace distributions for treated and other workplaces, with a
//! permutation test; the half-yearly variation within departments; the
//! workplaces with high or rising sick leave; the repeated-absence group's
//! continuity; the cohort check of the group's rule.
//!
//! The groups here are the register's, never the absence file's columns.

mod workplaces;

pub use workplaces::{
    Arm, Comparison, DepartmentVariation, Distribution, Half, HalfYear, WatchReason, WatchRule, Watched,
};
#[allow(unused_imports)]
pub(crate) use workplaces::{WorkplaceSeries, Workplaces, compare, department_variation, distributions, watch};
