#!/usr/bin/env python3
"""Benchmark `utfall measure` against the benchmark kit's DuckDB and Polars references.

  python3 scripts/bench_measure.py DATA_DIR --bench-kit KIT [--runs 3] [--skip-national-guard]
          [--measure-cmd CMD] [--json FILE] [--detail] [--history] [--keep]

KIT, given with --bench-kit (required, no default), is the benchmark kit: a folder that
lives outside this repository, with the data generator `absgen` (gen/), the reference
implementations ref_naive.py, ref_duckdb.py and ref_polars.py, and compare.py. Without
--bench-kit the script says so and exits with status 2.

DATA_DIR holds absence.csv and headcount.csv (made by the kit's `absgen`).
The script
  1. builds `cargo build --release --locked --bin utfall` in the repository that holds this
     script (skipped when --measure-cmd is given);
  2. runs each engine --runs times, in turn (measure, duckdb, polars, measure, ...), under
     `/usr/bin/time -v`, after warming the page cache (`cat FILE > /dev/null`) before
     every run, each engine writing to its own --out directory under a temporary
     directory:
       measure  target/release/utfall measure (or --measure-cmd)
       duckdb   python3 KIT/ref_duckdb.py
       polars   python3 KIT/ref_polars.py
     all with the same --absence DATA_DIR/absence.csv --headcount DATA_DIR/headcount.csv;
  3. compares the last duckdb output with the last measure output
     (`compare.py DUCKDB MEASURE --rel-tol 1e-12`) and stops with exit status 1 if they
     differ: no timings are printed for a wrong answer;
  4. prints a Markdown table with the median wall time, the peak RSS (max over runs) and
     the ratios ours/theirs against each reference and against the faster of the two,
     plus the machine (nproc, CPU model, total memory) and the date. With --json FILE,
     it writes the same figures as JSON to FILE.

--measure-cmd takes a command prefix to run instead of the built binary (split like a
shell would), e.g. `--measure-cmd "python3 KIT/ref_naive.py"`, to test this script
before the binary exists. --detail passes --detail to all three engines (compare.py
then also checks spells.csv and flagged_employees.csv). --history passes --history to measure only
(for data made with `absgen --history-months H`: records before the first headcount
month). The references need no flag for that.

National guard: an absence.csv larger than 1 GB is national size (4.26 GB for
`absgen --employees 1000000`). There, each reference run takes about 35-55 s and up to
9.5 GB of memory (the kit's README.md), and with --runs 3 the whole benchmark takes
several minutes. The script refuses such input unless --skip-national-guard is given.

Standard library only. The references need Python with duckdb and polars (--python).
"""
import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NATIONAL_BYTES = 1_000_000_000
REFERENCES = ("duckdb", "polars")
ENGINES = ("measure", *REFERENCES)


def die(msg: str, code: int = 2) -> None:
    print(f"bench_measure: error: {msg}", file=sys.stderr)
    sys.exit(code)


def build_measure() -> Path:
    """cargo build --release --locked --bin utfall; return the executable cargo reports
    (this respects CARGO_TARGET_DIR)."""
    cmd = ["cargo", "build", "--release", "--locked", "--bin", "utfall", "--message-format=json"]
    print(f"$ (cd {REPO} && {' '.join(cmd)})", file=sys.stderr, flush=True)
    p = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)   # stderr: progress
    exe = None
    for line in p.stdout.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("reason") == "compiler-message" and msg["message"].get("rendered"):
            print(msg["message"]["rendered"], file=sys.stderr, end="")
        if (msg.get("reason") == "compiler-artifact" and msg.get("executable")
                and msg["target"]["name"] == "utfall" and "bin" in msg["target"]["kind"]):
            exe = msg["executable"]
    if p.returncode != 0:
        die(f"cargo build --release --locked --bin utfall failed (exit {p.returncode})")
    if exe is None:
        exe = REPO / "target" / "release" / "utfall"
    exe = Path(exe)
    if not exe.is_file():
        die(f"built binary not found at {exe}")
    return exe


def warm(*files: Path) -> None:
    for f in files:
        subprocess.run(["cat", str(f)], stdout=subprocess.DEVNULL, check=True)


def timed(cmd: list, label: str, tmp: Path) -> dict:
    """Run cmd under /usr/bin/time -v (report to its own file, so the program's stderr
    stays readable); return wall seconds, peak RSS in MB (time's maximum resident set
    size) and CPU share."""
    report = tmp / "time.txt"
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", "-o", str(report), *cmd],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        die(f"{label} failed (exit {p.returncode}): {shlex.join(cmd)}\n"
            f"{(p.stderr or p.stdout)[-3000:]}", 1)
    t = report.read_text()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", t)
    if not (m and rss):
        die(f"cannot read /usr/bin/time -v output for {label}:\n{t}", 1)
    # /usr/bin/time prints the wall time in 1/100 s, too coarse for runs of 0.1 s: the
    # wall time used is the parent's monotonic clock around the same process (it adds
    # the fork/exec of /usr/bin/time itself, well under 1 ms); time's figure is kept too.
    time_wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return {"wall_s": elapsed, "time_v_wall_s": time_wall,
            "max_rss_mb": int(rss.group(1)) / 1024,
            "cpu_pct": int(cpu.group(1)) if cpu else None}


def machine() -> dict:
    model = None
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except (OSError, subprocess.CalledProcessError):
        pass
    mem_kb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {"nproc": int(nproc) if nproc.isdigit() else os.cpu_count(), "cpu_model": model,
            "mem_total_gib": round(mem_kb / 1024 ** 2, 1) if mem_kb else None,
            "kernel": platform.release()}


def versions(python: str) -> dict:
    v = {"python": platform.python_version()}
    for mod in REFERENCES:
        p = subprocess.run([python, "-c", f"import {mod}; print({mod}.__version__)"],
                           capture_output=True, text=True)
        v[mod] = p.stdout.strip() if p.returncode == 0 else None
    p = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                       capture_output=True, text=True)
    v["repo"] = p.stdout.strip() if p.returncode == 0 else None
    return v


def ratio(ours: float, theirs: float):
    return ours / theirs if theirs > 0 else None


def fmt_ratio(x) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def markdown(res: dict) -> str:
    e, r, mach, data = res["engines"], res["ratios"], res["machine"], res["data"]
    fast = res["faster_reference"]
    lines = [
        f"### measure vs references: {data['name']} ({data['rows']:,} rows, "
        f"absence.csv {data['absence_bytes'] / 1e6:,.1f} MB)",
        "",
        f"{res['date']}; {mach['nproc']} CPUs ({mach['cpu_model']}), "
        f"{mach['mem_total_gib']} GiB memory; median of {res['runs']} runs, page cache warm; "
        f"measure = `{res['measure_cmd']}`; compare.py --rel-tol 1e-12 vs duckdb: OK",
        "",
        "| engine | median wall (s) | min-max (s) | peak RSS (MB) | wall ours/theirs | RSS ours/theirs |",
        "|---|---|---|---|---|---|",
    ]
    for name in ENGINES:
        s = e[name]
        rw = "1.00" if name == "measure" else fmt_ratio(r[name]["wall"])
        rm = "1.00" if name == "measure" else fmt_ratio(r[name]["rss"])
        lines.append(f"| {name} | {s['wall_median_s']:.3f} | {s['wall_min_s']:.3f}-"
                     f"{s['wall_max_s']:.3f} | {s['rss_max_mb']:.0f} | {rw} | {rm} |")
    lines.append(f"| faster reference ({fast}) | {e[fast]['wall_median_s']:.3f} | | "
                 f"{e[fast]['rss_max_mb']:.0f} | {fmt_ratio(r['faster']['wall'])} | "
                 f"{fmt_ratio(r['faster']['rss'])} |")
    v = res["versions"]
    lines += ["", f"Python {v['python']}, DuckDB {v['duckdb']}, Polars {v['polars']}, "
                  f"repo {v['repo']}. Ratios below 1 mean measure is faster or smaller."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 usage="%(prog)s DATA_DIR --bench-kit DIR [options]",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="directory with absence.csv and headcount.csv")
    ap.add_argument("--runs", type=int, default=3, help="runs per engine (default 3)")
    ap.add_argument("--skip-national-guard", action="store_true",
                    help="run even if absence.csv is national size (> 1 GB)")
    ap.add_argument("--bench-kit", type=Path, metavar="DIR",
                    help="required: the benchmark kit, a folder outside this repository with "
                         "ref_duckdb.py, ref_polars.py and compare.py (no default)")
    ap.add_argument("--measure-cmd",
                    help="command prefix to run instead of the built measure binary "
                         "(no cargo build), e.g. 'python3 KIT/ref_naive.py'")
    ap.add_argument("--python", default=sys.executable,
                    help="Python with duckdb and polars for the references (default: this one)")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    ap.add_argument("--detail", action="store_true", help="pass --detail to all three engines")
    ap.add_argument("--history", action="store_true", help="pass --history to measure")
    ap.add_argument("--keep", action="store_true", help="keep the output directories")
    a = ap.parse_args()

    if a.bench_kit is None:
        die("--bench-kit DIR is required: the benchmark kit, a folder outside this repository "
            "with the reference implementations ref_duckdb.py and ref_polars.py and compare.py "
            "(and absgen, which makes DATA_DIR). Example:\n"
            "  python3 scripts/bench_measure.py /path/to/data/municipality "
            "--bench-kit /path/to/bench-kit")
    if a.runs < 1:
        die("--runs must be at least 1")
    absence, headcount = a.data / "absence.csv", a.data / "headcount.csv"
    for f in (absence, headcount):
        if not f.is_file():
            die(f"{f} not found (DATA_DIR must hold absence.csv and headcount.csv)")
    kit = a.bench_kit.resolve()
    for f in ("ref_duckdb.py", "ref_polars.py", "compare.py"):
        if not (kit / f).is_file():
            die(f"{kit / f} not found: --bench-kit must name the benchmark kit's folder")
    if not Path("/usr/bin/time").is_file():
        die("/usr/bin/time not found (apt-get install time)")
    size = absence.stat().st_size
    if size > NATIONAL_BYTES and not a.skip_national_guard:
        die(f"{absence} is {size / 1e9:.2f} GB, national size: each reference run takes "
            f"about 35-55 s and up to 9.5 GB of memory, {a.runs} runs of 3 engines several "
            "minutes. Pass --skip-national-guard to run it anyway.")

    if a.measure_cmd:
        measure = shlex.split(a.measure_cmd)
    else:
        measure = [str(build_measure()), "measure"]
    io = ["--absence", str(absence), "--headcount", str(headcount)]
    detail = ["--detail"] if a.detail else []
    prefixes = {
        # The reference implementations show every group: so must utfall, to compare
        # (a --measure-cmd, such as the oracle itself, takes its own flags).
        "measure": measure + ([] if a.measure_cmd else ["--min-group", "0"])
        + (["--history"] if a.history else []),
        "duckdb": [a.python, str(kit / "ref_duckdb.py")],
        "polars": [a.python, str(kit / "ref_polars.py")],
    }

    tmp = Path(tempfile.mkdtemp(prefix="bench_measure_"))
    outs = {name: tmp / name for name in ENGINES}
    runs = {name: [] for name in ENGINES}
    try:
        for i in range(a.runs):
            for name in ENGINES:
                shutil.rmtree(outs[name], ignore_errors=True)   # no stale files from run i-1
                cmd = prefixes[name] + io + ["--out", str(outs[name])] + detail
                warm(absence, headcount)
                r = timed(cmd, name, tmp)
                runs[name].append(r)
                print(f"run {i + 1}/{a.runs} {name}: {r['wall_s']:.2f} s, "
                      f"{r['max_rss_mb']:.0f} MB", file=sys.stderr, flush=True)

        cmp_cmd = [a.python, str(kit / "compare.py"), str(outs["duckdb"]),
                   str(outs["measure"]), "--rel-tol", "1e-12"]
        p = subprocess.run(cmp_cmd, capture_output=True, text=True)
        if p.returncode != 0:
            bar = "!" * 72
            print(f"\n{bar}\nMISMATCH: measure output differs from ref_duckdb.py "
                  f"(compare.py exit {p.returncode})\n$ {shlex.join(cmp_cmd)}\n"
                  f"{p.stdout}{p.stderr}{bar}", file=sys.stderr)
            if not a.keep:
                print(f"(outputs kept for inspection in {tmp})", file=sys.stderr)
            a.keep = True
            sys.exit(1)
        compare_out = p.stdout
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if a.keep:
        print(f"outputs kept in {tmp}", file=sys.stderr)

    engines = {}
    for name in ENGINES:
        walls = [r["wall_s"] for r in runs[name]]
        rss = [r["max_rss_mb"] for r in runs[name]]
        engines[name] = {"cmd": shlex.join(prefixes[name]), "wall_median_s": statistics.median(walls),
                         "wall_min_s": min(walls), "wall_max_s": max(walls),
                         "rss_max_mb": max(rss), "runs": runs[name]}
    fast = min(REFERENCES, key=lambda n: engines[n]["wall_median_s"])
    ours = engines["measure"]
    ratios = {n: {"wall": ratio(ours["wall_median_s"], engines[n]["wall_median_s"]),
                  "rss": ratio(ours["rss_max_mb"], engines[n]["rss_max_mb"])}
              for n in REFERENCES}
    ratios["faster"] = ratios[fast]
    with open(absence, "rb") as f:
        rows = sum(1 for _ in f) - 1
    res = {
        "date": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(a.python),
        "data": {"dir": str(a.data.resolve()), "name": a.data.resolve().name,
                 "absence_bytes": size, "rows": rows},
        "runs": a.runs,
        "detail": a.detail,
        "measure_cmd": shlex.join(measure),
        "engines": engines,
        "faster_reference": fast,
        "ratios": {k: v for k, v in ratios.items() if k in (*REFERENCES, "faster")},
        "compare": {"reference": "duckdb", "rel_tol": 1e-12, "ok": True, "output": compare_out},
    }
    print(markdown(res))
    if a.json:
        a.json.parent.mkdir(parents=True, exist_ok=True)
        a.json.write_text(json.dumps(res, indent=2) + "\n")
        print(f"wrote {a.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
