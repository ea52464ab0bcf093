//! The words of the follow-up charts (`utfall measure --charts`), for a
//! program outside this crate that builds its [`MonthChart`](super::MonthChart)s:
//! titles, axis labels, series names and the permutation test's note, each
//! from the catalogue in both languages.

use crate::words::{self, Language, Text};

/// A word of the follow-up charts; [`ChartWord::text`] gives it in a
/// language.
///
/// # Example
/// ```
/// use utfall_render::{ChartWord, Language};
/// assert_eq!(ChartWord::WholeOrganisation.text(Language::Swedish), "Hela organisationen");
/// assert_eq!(ChartWord::AgeUpTo29.text(Language::English), "29 and under");
/// let note = ChartWord::TestNote.fill(Language::Swedish, &[("month", "2018-10"), ("p", "0,3207")]);
/// assert!(note.starts_with("Skillnad i förändring från 2018-10: "));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChartWord {
    /// Title: net days of days 1–14 per employee by department.
    NetDaysByDepartment,
    /// Title: the same by sex.
    NetDaysBySex,
    /// Title: the same by age group.
    NetDaysByAgeGroup,
    /// Title: days 15–90 by department.
    NetDaysLongByDepartment,
    /// Title: treated and other workplaces, days 1–14.
    Workplaces,
    /// Title: the repeated-absence group's size, stayers and inflow.
    RepeatedGroup,
    /// Title: the repeated-absence group's share of employees by sex.
    RepeatedShareBySex,
    /// Title: the same by age group.
    RepeatedShareByAgeGroup,
    /// Title: the same by department.
    RepeatedShareByDepartment,
    /// Y axis: net days per employee.
    NetDaysPerEmployee,
    /// Y axis: net days per employee, the mean over the workplaces.
    WorkplaceMean,
    /// Y axis: a number of employees.
    Employees,
    /// Y axis: per cent of the employees.
    PercentOfEmployees,
    /// Series: the whole organisation.
    WholeOrganisation,
    /// Series: the treated workplaces.
    Treated,
    /// Series: the other workplaces.
    Other,
    /// Band: the treated workplaces' 10th to 90th percentile.
    TreatedBand,
    /// Series: the repeated-absence group's members.
    Members,
    /// Series: members who were in the group the month before.
    Stayers,
    /// Series: members who were not.
    Inflow,
    /// The age group 29 and under.
    AgeUpTo29,
    /// The age group 30–49.
    Age30To49,
    /// The age group 50 and over.
    AgeFrom50,
    /// The permutation test's note, with `{month}`, `{difference}`, `{p}`,
    /// `{permutations}`, `{treated}` and `{other}`.
    TestNote,
}

impl ChartWord {
    /// Every word, so that a test can read each.
    pub const ALL: [ChartWord; 24] = [
        ChartWord::NetDaysByDepartment,
        ChartWord::NetDaysBySex,
        ChartWord::NetDaysByAgeGroup,
        ChartWord::NetDaysLongByDepartment,
        ChartWord::Workplaces,
        ChartWord::RepeatedGroup,
        ChartWord::RepeatedShareBySex,
        ChartWord::RepeatedShareByAgeGroup,
        ChartWord::RepeatedShareByDepartment,
        ChartWord::NetDaysPerEmployee,
        ChartWord::WorkplaceMean,
        ChartWord::Employees,
        ChartWord::PercentOfEmployees,
        ChartWord::WholeOrganisation,
        ChartWord::Treated,
        ChartWord::Other,
        ChartWord::TreatedBand,
        ChartWord::Members,
        ChartWord::Stayers,
        ChartWord::Inflow,
        ChartWord::AgeUpTo29,
        ChartWord::Age30To49,
        ChartWord::AgeFrom50,
        ChartWord::TestNote,
    ];

    /// The word in `language`, its `{name}`s left in.
    pub fn text(self, language: Language) -> &'static str {
        words::text(language, self.entry())
    }

    /// The word in `language` with each `{name}` replaced by its value.
    pub fn fill(self, language: Language, values: &[(&str, &str)]) -> String {
        words::fill(language, self.text(language), values)
    }

    fn entry(self) -> Text {
        match self {
            ChartWord::NetDaysByDepartment => Text::FollowNetDaysByDepartment,
            ChartWord::NetDaysBySex => Text::FollowNetDaysBySex,
            ChartWord::NetDaysByAgeGroup => Text::FollowNetDaysByAgeGroup,
            ChartWord::NetDaysLongByDepartment => Text::FollowNetDaysLongByDepartment,
            ChartWord::Workplaces => Text::FollowWorkplaces,
            ChartWord::RepeatedGroup => Text::FollowRepeatedGroup,
            ChartWord::RepeatedShareBySex => Text::FollowRepeatedShareBySex,
            ChartWord::RepeatedShareByAgeGroup => Text::FollowRepeatedShareByAgeGroup,
            ChartWord::RepeatedShareByDepartment => Text::FollowRepeatedShareByDepartment,
            ChartWord::NetDaysPerEmployee => Text::FollowNetDaysPerEmployee,
            ChartWord::WorkplaceMean => Text::FollowWorkplaceMean,
            ChartWord::Employees => Text::FollowEmployees,
            ChartWord::PercentOfEmployees => Text::FollowPercentOfEmployees,
            ChartWord::WholeOrganisation => Text::FollowWholeOrganisation,
            ChartWord::Treated => Text::FollowTreated,
            ChartWord::Other => Text::FollowOther,
            ChartWord::TreatedBand => Text::FollowTreatedBand,
            ChartWord::Members => Text::FollowMembers,
            ChartWord::Stayers => Text::FollowStayers,
            ChartWord::Inflow => Text::FollowInflow,
            ChartWord::AgeUpTo29 => Text::FollowAgeUpTo29,
            ChartWord::Age30To49 => Text::FollowAge30To49,
            ChartWord::AgeFrom50 => Text::FollowAgeFrom50,
            ChartWord::TestNote => Text::FollowTestNote,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_differs_between_the_languages_unless_it_is_a_number() {
        for word in ChartWord::ALL {
            let (sv, en) = (word.text(Language::Swedish), word.text(Language::English));
            assert!(!sv.is_empty() && !en.is_empty(), "{word:?}");
            if word != ChartWord::Age30To49 {
                assert_ne!(sv, en, "{word:?}");
            }
        }
        let distinct: std::collections::HashSet<_> = ChartWord::ALL.iter().collect();
        assert_eq!(distinct.len(), ChartWord::ALL.len());
    }

    #[test]
    fn the_note_is_filled() {
        let values = [
            ("month", "2018-10"),
            ("difference", "0,12"),
            ("p", "0,3207"),
            ("permutations", "9 999"),
            ("treated", "48"),
            ("other", "112"),
        ];
        assert_eq!(
            ChartWord::TestNote.fill(Language::Swedish, &values),
            "Skillnad i förändring från 2018-10: 0,12 dagar per anställd; p = 0,3207 (9 999 omdragningar, \
             48 och 112 arbetsplatser). Ett test av om skillnaden är större än slumpen ger, inte en bedömning \
             av avtalet."
        );
        assert!(!ChartWord::TestNote.fill(Language::English, &values).contains('{'));
    }
}
