#!/usr/bin/env python3
"""Rewrite a daily absence file as sick-leave periods and a schedule file.

  python3 scripts/daily_to_periods.py DIR

DIR holds absence.csv (`employee_id,department,sex,date,hours`, one row per
employee and sick date, as the benchmark kit's data generator writes it; the
generator lives outside this repository). The script writes periods.csv
(`employee_id,from,to,extent,department,sex`, sorted by employee and first
day) and schedule.csv (`employee_id,valid_from,valid_to,mon,...,sun`) beside
it, so that

  utfall measure --absence DIR/periods.csv --schedule DIR/schedule.csv ...

measures what `--absence DIR/absence.csv` does, byte for byte, and the two can
be timed against each other at any size (issue 12: the national file,
108 M rows, in a few minutes and a few GB of memory).

It is the streaming form of the test helper `daily_to_periods` in
tests/common/periods.rs, which the test suite checks on the repository's
generated sample:
  pass 1: each employee's scheduled hours per weekday are the most hours of
          any of their sick dates on that weekday (the generator's employees
          work a fixed week, so a weekday with hours is always worked in full
          or in part, and a rest day always has 0 hours);
  pass 2: each employee's consecutive dates with one extent (hours /
          scheduled hours, in millionths; a date with 0 scheduled hours joins
          any run) and the same department and sex become one period.
Every extent is checked to give back the date's hours under utfall's rule
(extent x scheduled, rounded half up to the centi-hour); the script stops
otherwise. Standard library only.
"""

import datetime
import os
import sys

WHOLE = 1_000_000


def centi(text):
    whole, _, fraction = text.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])


def hours_text(c):
    return f"{c // 100}.{c % 100:02d}"


def weekday(day, cache={}):
    w = cache.get(day)
    if w is None:
        w = cache[day] = datetime.date.fromisoformat(day).weekday()
    return w


def rows(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
        at = {name: i for i, name in enumerate(header)}
        e, g, s, d, h = (at[n] for n in ("employee_id", "department", "sex", "date", "hours"))
        for line in f:
            fields = line.rstrip("\n").split(",")
            yield fields[e], fields[g], fields[s], fields[d], centi(fields[h])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    source = os.path.join(folder, "absence.csv")

    week = {}
    for employee, _, _, day, hours in rows(source):
        w = week.get(employee)
        if w is None:
            w = week[employee] = [0] * 7
        i = weekday(day)
        if hours > w[i]:
            w[i] = hours

    periods = []
    open_runs = {}  # employee -> [from, to, to_ordinal, extent or None, department, sex]

    def close(employee, run):
        extent = WHOLE if run[3] is None else run[3]
        periods.append((employee, run[0], run[1], extent, run[4], run[5]))

    for employee, department, sex, day, hours in rows(source):
        scheduled = week[employee][weekday(day)]
        extent = None
        if scheduled:
            extent = (hours * WHOLE * 2 + scheduled) // (2 * scheduled)
            if (extent * scheduled + WHOLE // 2) // WHOLE != hours or extent == 0:
                sys.exit(f"{employee} {day}: {hours_text(hours)} h of {hours_text(scheduled)} is no extent")
        ordinal = datetime.date.fromisoformat(day).toordinal()
        run = open_runs.get(employee)
        if (
            run is not None
            and run[2] + 1 == ordinal
            and run[4] == department
            and run[5] == sex
            and (extent is None or run[3] is None or run[3] == extent)
        ):
            run[1], run[2] = day, ordinal
            if run[3] is None:
                run[3] = extent
            continue
        if run is not None:
            close(employee, run)
        open_runs[employee] = [day, day, ordinal, extent, department, sex]
    for employee, run in open_runs.items():
        close(employee, run)

    periods.sort()
    with open(os.path.join(folder, "periods.csv"), "w", encoding="utf-8") as out:
        out.write("employee_id,from,to,extent,department,sex\n")
        for employee, first, last, extent, department, sex in periods:
            out.write(f"{employee},{first},{last},{extent // WHOLE}.{extent % WHOLE:06d},{department},{sex}\n")
    with open(os.path.join(folder, "schedule.csv"), "w", encoding="utf-8") as out:
        out.write("employee_id,valid_from,valid_to,mon,tue,wed,thu,fri,sat,sun\n")
        for employee in sorted(week):
            out.write(f"{employee},,,{','.join(hours_text(c) for c in week[employee])}\n")
    print(f"{len(periods)} periods of {len(week)} employees", file=sys.stderr)


if __name__ == "__main__":
    main()
