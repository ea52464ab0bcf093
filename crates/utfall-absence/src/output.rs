//! Writing a [`Measurement`] as CSV files (the columns of the reference
//! implementations in the external benchmark kit, so that its `compare.py` can
//! check them; `docs/formats.md`) and as JSON.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde_json::json;
use utfall_engine::csv_field;

use utfall_engine::Month;

use crate::Suppressed;
use crate::measurement::{Band, Group, Measurement};

/// A decimal as the oracle writes its figures: always with a decimal point
/// (`0.0`, `22052.0`, `5020.1875`).
pub(crate) fn figure(value: Decimal) -> String {
    let text = value.normalize().to_string();
    if text.contains('.') { text } else { format!("{text}.0") }
}

/// A JSON row of a group table: the month, the group and whether it is
/// suppressed, with the table's own `figures` (an object).
fn group_row(month: Month, group: &Group, mark: Option<Suppressed>, figures: serde_json::Value) -> serde_json::Value {
    let mut row = json!({
        "month": month,
        "group_type": group.kind(),
        "group_value": group.value(),
        "suppressed": mark,
    });
    if let (Some(row), serde_json::Value::Object(figures)) = (row.as_object_mut(), figures) {
        row.extend(figures);
    }
    row
}

/// A count as the group tables write it: empty when suppressed.
fn shown_count(count: u64, mark: Option<Suppressed>) -> String {
    if mark.is_some() {
        String::new()
    } else {
        count.to_string()
    }
}

/// Writes a CSV table: the header, a line a row, and flushes.
fn table<T>(
    mut w: impl Write,
    header: &str,
    rows: &[T],
    mut line: impl FnMut(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<()> {
    writeln!(w, "{header}")?;
    for row in rows {
        line(&mut w, row)?;
    }
    w.flush()
}

/// The first columns of a row per month and group:
/// `month,group_type,group_value`.
fn month_and_group(month: Month, group: &Group) -> String {
    format!("{month},{},{}", group.kind(), csv_field(group.value()))
}

impl Measurement {
    /// The last column of the group tables, `suppressed`, when small groups
    /// are protected; none with `min_group` 0, so that the tables have the
    /// reference implementations' columns exactly.
    fn suppressed_column(&self) -> &'static str {
        if self.min_group > 0 { ",suppressed" } else { "" }
    }

    /// The `suppressed` cell of a row, with its comma (see
    /// [`Self::suppressed_column`]).
    fn suppressed_cell(&self, mark: Option<Suppressed>) -> String {
        if self.min_group > 0 {
            format!(",{}", mark.map_or("", Suppressed::name))
        } else {
            String::new()
        }
    }

    /// `net_days.csv`: `month,group_type,group_value,band,sick_hours,net_days,headcount,net_days_per_employee`,
    /// and `suppressed` unless [`Measurement::min_group`] is 0. A suppressed
    /// row's `sick_hours`, `net_days` and `net_days_per_employee` are empty.
    ///
    /// # Errors
    /// When writing fails.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{measure_reader, Headcount};
    /// let h = Headcount::from_csv_str("month,employees\n2020-01,4\n")?;
    /// let m = measure_reader(&b"employee_id,date,hours\n1,2020-01-02,6\n"[..], &h)?;
    /// let mut out = Vec::new();
    /// m.write_net_days(&mut out)?;
    /// assert_eq!(String::from_utf8(out).unwrap().lines().nth(1), Some("2020-01,total,all,d01_14,6.0,0.75,4,0.1875,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_net_days(&self, w: impl Write) -> io::Result<()> {
        let header = "month,group_type,group_value,band,sick_hours,net_days,headcount,net_days_per_employee";
        let header = format!("{header}{}", self.suppressed_column());
        table(w, &header, self.net_days(), |w, r| {
            let (hours, days, per_employee) = match r.suppressed {
                Some(_) => (String::new(), String::new(), String::new()),
                None => (
                    figure(r.sick_hours()),
                    figure(r.net_days()),
                    r.per_employee().map(figure).unwrap_or_default(),
                ),
            };
            writeln!(
                w,
                "{},{},{hours},{days},{},{per_employee}{}",
                month_and_group(r.month, &r.group),
                r.band.name(),
                r.headcount,
                self.suppressed_cell(r.suppressed)
            )
        })
    }

    /// `repeated_flags.csv`: `month,group_type,group_value,flagged_employees,window_complete`,
    /// and `suppressed` unless [`Measurement::min_group`] is 0. A suppressed
    /// row's `flagged_employees` is empty.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_repeated_flags(&self, w: impl Write) -> io::Result<()> {
        let header = "month,group_type,group_value,flagged_employees,window_complete";
        let header = format!("{header}{}", self.suppressed_column());
        table(w, &header, self.repeated(), |w, r| {
            let columns = month_and_group(r.month, &r.group);
            let flagged = shown_count(r.flagged, r.suppressed);
            let mark = self.suppressed_cell(r.suppressed);
            writeln!(w, "{columns},{flagged},{}{mark}", r.window_complete)
        })
    }

    /// `repeated_inflow.csv`: `month,group_type,group_value,inflow` — employees in
    /// the repeated-absence group who were not in it the month before — and
    /// `suppressed` unless [`Measurement::min_group`] is 0. A suppressed
    /// row's `inflow` is empty.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_repeated_inflow(&self, w: impl Write) -> io::Result<()> {
        let header = format!("month,group_type,group_value,inflow{}", self.suppressed_column());
        table(w, &header, self.repeated(), |w, r| {
            let inflow = shown_count(r.inflow, r.suppressed);
            let mark = self.suppressed_cell(r.suppressed);
            writeln!(w, "{},{inflow}{mark}", month_and_group(r.month, &r.group))
        })
    }

    /// `left_censored.csv`: `month,band,sick_hours,net_days` of spells already
    /// under way on the first date of the data.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_censored(&self, w: impl Write) -> io::Result<()> {
        table(w, "month,band,sick_hours,net_days", self.censored(), |w, r| {
            let centi = Decimal::from(r.centi_hours);
            writeln!(
                w,
                "{},{},{},{}",
                r.month,
                r.band.name(),
                figure(centi / Decimal::ONE_HUNDRED),
                figure(centi / Decimal::from(800))
            )
        })
    }

    /// `spells.csv` (with detail): `employee_id,spell_start,spell_end,calendar_days,sick_hours,department,sex`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_spells(&self, w: impl Write) -> io::Result<()> {
        let header = "employee_id,spell_start,spell_end,calendar_days,sick_hours,department,sex";
        table(w, header, self.spells().unwrap_or_default(), |w, s| {
            writeln!(
                w,
                "{},{},{},{},{},{},{}",
                csv_field(&s.employee),
                s.start,
                s.end,
                s.days,
                figure(Decimal::from(s.centi_hours) / Decimal::ONE_HUNDRED),
                csv_field(&s.department),
                csv_field(&s.sex)
            )
        })
    }

    /// `flagged_employees.csv` (with detail): `month,employee_id,spells_in_window,department,sex`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_flagged(&self, w: impl Write) -> io::Result<()> {
        let header = "month,employee_id,spells_in_window,department,sex";
        table(w, header, self.flagged().unwrap_or_default(), |w, f| {
            writeln!(
                w,
                "{},{},{},{},{}",
                f.month,
                csv_field(&f.employee),
                f.spells,
                csv_field(&f.department),
                csv_field(&f.sex)
            )
        })
    }

    /// The monthly series `settle` reads (`docs/formats.md`, *Monthly series*):
    /// `month,net_days,headcount` with the whole organisation's short-term
    /// (days 1–14) net days.
    ///
    /// # Errors
    /// When writing fails.
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{measure_reader, Headcount};
    /// let h = Headcount::from_csv_str("month,employees\n2020-01,4\n")?;
    /// let m = measure_reader(&b"employee_id,date,hours\n1,2020-01-02,6\n"[..], &h)?;
    /// let mut out = Vec::new();
    /// m.write_series(&mut out)?;
    /// assert_eq!(String::from_utf8(out).unwrap(), "month,net_days,headcount\n2020-01,0.75,4\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_series(&self, mut w: impl Write) -> io::Result<()> {
        writeln!(w, "month,net_days,headcount")?;
        for r in self
            .net_days()
            .iter()
            .filter(|r| r.group == Group::Total && r.band == Band::Short)
        {
            writeln!(w, "{},{},{}", r.month, r.net_days(), r.headcount)?;
        }
        w.flush()
    }

    /// The whole measurement as JSON (schema `utfall.measurement/2`): every
    /// figure a decimal string; the figures of a suppressed group `null`,
    /// with its `suppressed` reason (`docs/formats.md`, *Measurement as JSON*).
    ///
    /// # Example
    /// ```
    /// use utfall_absence::{measure_reader, Headcount};
    /// let h = Headcount::from_csv_str("month,employees\n2020-01,4\n")?;
    /// let m = measure_reader(&b"employee_id,date,hours\n1,2020-01-02,6\n"[..], &h)?;
    /// let json = m.to_json();
    /// assert_eq!(json["net_days"][0]["net_days"], "0.75");
    /// assert_eq!(json["min_group"], 11);
    /// # Ok::<(), utfall_absence::Error>(())
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = json!({
            "schema": "utfall.measurement/2",
            "min_group": self.min_group,
            "summary": self.summary(),
            "net_days": self.net_days().iter().map(|r| {
                let shown = r.suppressed.is_none();
                group_row(r.month, &r.group, r.suppressed, json!({
                    "band": r.band,
                    "sick_hours": shown.then(|| r.sick_hours()),
                    "net_days": shown.then(|| r.net_days()),
                    "headcount": r.headcount,
                    "net_days_per_employee": r.per_employee().filter(|_| shown),
                }))
            }).collect::<Vec<_>>(),
            "repeated": self.repeated().iter().map(|r| {
                let shown = r.suppressed.is_none();
                group_row(r.month, &r.group, r.suppressed, json!({
                    "flagged_employees": shown.then_some(r.flagged),
                    "inflow": shown.then_some(r.inflow),
                    "window_complete": r.window_complete,
                }))
            }).collect::<Vec<_>>(),
            "left_censored": self.censored().iter().map(|r| json!({
                "month": r.month,
                "band": r.band,
                "sick_hours": Decimal::from(r.centi_hours) / Decimal::ONE_HUNDRED,
            })).collect::<Vec<_>>(),
        });
        // Only with a register, so that a measurement without one keeps its JSON.
        if let (Some(f), Some(object)) = (self.follow_up(), value.as_object_mut()) {
            object.insert("follow_up".into(), f.to_json());
        }
        value
    }
}
