//! SIGINT and SIGTERM while `measure` reads, spills or writes stop it cleanly,
//! leaving every previous output and no temporary file; a second run into one
//! `--out` folder waits for the first (issue 10).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::files::*;
use super::run::*;

#[cfg(target_os = "linux")]
fn wait_for_temp_file(dir: &Path) -> String {
    let started = std::time::Instant::now();
    loop {
        if let Some(name) = temp_files(dir).into_iter().next() {
            return name;
        }
        assert!(started.elapsed().as_secs() < 60, "no temporary file appeared");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Sends `signal` (INT, TERM) to `pid` with kill(1).
#[cfg(target_os = "linux")]
fn kill(signal: &str, pid: u32) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

/// Waits until process `pid` has `path` open (Linux: `/proc/PID/fd`), that is
/// until it reads its input, past the installation of its signal handlers.
#[cfg(target_os = "linux")]
fn wait_until_open(pid: u32, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap();
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(60) {
        let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
            .any(|target| target == path);
        if open {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("process {pid} never opened {}", path.display());
}

/// A directory of `measure` outputs from the payroll sample, with --detail,
/// JSON and series: the previous outputs a signalled run must leave alone.
#[cfg(target_os = "linux")]
fn previous_measure_outputs(name: &str) -> (PathBuf, Vec<String>) {
    let dir = fresh_dir(name);
    let outputs = [
        "--out".to_owned(),
        dir.join("tables").display().to_string(),
        "--detail".to_owned(),
        "--json".to_owned(),
        dir.join("measurement.json").display().to_string(),
        "--series".to_owned(),
        dir.join("monthly.csv").display().to_string(),
    ]
    .to_vec();
    let out = Command::new(UTFALL)
        .arg("measure")
        .args(fixture_args("generated"))
        .arg("--quiet")
        .args(&outputs)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, outputs)
}

#[cfg(target_os = "linux")]
#[test]
fn a_signal_while_measuring_stops_cleanly() {
    // 3 million records (57 MB): the debug build takes seconds to measure them.
    let big = fresh_dir("big-payroll");
    let (absence, headcount) = &synthetic_payroll(&big, 100_000, 1500, 8);
    for (signal, status) in [("INT", 130), ("TERM", 143)] {
        let (dir, outputs) = previous_measure_outputs(&format!("signal-measuring-{signal}"));
        let before = files_under(&dir);
        let child = Command::new(UTFALL)
            .args(["measure", "--absence", text(absence), "--headcount", text(headcount)])
            .args(&outputs)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_until_open(child.id(), absence);
        kill(signal, child.id());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(status), "SIG{signal}: {}", stderr(&out));
        assert_eq!(stderr(&out), "utfall measure: interrupted\n");
        assert!(stdout(&out).is_empty());
        assert!(files_under(&dir) == before, "SIG{signal} changed a previous output");
    }
    std::fs::remove_dir_all(big).unwrap();
}

/// The spill folders (`utfall-spill-*`) in `dir`.
fn spill_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("utfall-spill-"))
        .collect()
}

/// An unsorted input that spills to temporary files (at most 10 000 rows
/// sorted in memory) leaves no spill folder behind: not on success, not on a
/// bad row, not when SIGINT or SIGTERM stops it while it spills.
#[cfg(target_os = "linux")]
#[test]
fn spill_folders_are_removed_on_every_exit() {
    let big = fresh_dir("spill-payroll");
    let (absence, headcount) = &synthetic_payroll(&big, 20_000, 1500, 8);
    let tmp = fresh_dir("spill-tmp");
    let measure = |absence: &Path| {
        let mut command = Command::new(UTFALL);
        command
            .args([
                "measure",
                "--absence",
                text(absence),
                "--headcount",
                text(headcount),
                "--quiet",
            ])
            .args(["--series", text(&big.join("monthly.csv"))])
            .env("TMPDIR", &tmp)
            .env("UTFALL_TEST_SORT_MEMORY_ROWS", "10000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    };
    let out = measure(absence).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(spill_folders(&tmp).is_empty());

    // A bad row near the end, found after the spill has begun.
    let bad = big.join("bad.csv");
    let mut text_of = std::fs::read_to_string(absence).unwrap();
    text_of.push_str("1,2021-13-01,8\n");
    std::fs::write(&bad, text_of).unwrap();
    let out = measure(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("2021-13-01"), "{}", stderr(&out));
    assert!(spill_folders(&tmp).is_empty());

    for (signal, status) in [("INT", 130), ("TERM", 143)] {
        let child = measure(absence).spawn().unwrap();
        let started = std::time::Instant::now();
        while spill_folders(&tmp).is_empty() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "no spill folder appeared"
            );
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        kill(signal, child.id());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(status), "SIG{signal}: {}", stderr(&out));
        assert!(
            spill_folders(&tmp).is_empty(),
            "SIG{signal} left {:?}",
            spill_folders(&tmp)
        );
    }
    std::fs::remove_dir_all(big).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_signal_mid_write_stops_cleanly() {
    for (signal, status) in [("TERM", 143), ("INT", 130)] {
        let (dir, outputs) = previous_measure_outputs(&format!("signal-writing-{signal}"));
        let before = files_under(&dir);
        // The same run again, whose writer stalls after 1000 bytes of the
        // first table until the signal comes.
        let child = Command::new(UTFALL)
            .arg("measure")
            .args(fixture_args("generated"))
            .args(&outputs)
            .env("UTFALL_TEST_STALL_WRITE_AFTER", "1000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        assert_eq!(
            wait_for_temp_file(&dir),
            format!("tables/.net_days.csv.utfall-{}.tmp", child.id())
        );
        assert_eq!(temp_files(&dir).len(), 1);
        kill(signal, child.id());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(status), "SIG{signal}: {}", stderr(&out));
        // After the warning about spells under way on the first date.
        let err = stderr(&out);
        assert_eq!(err.lines().last(), Some("utfall measure: interrupted"), "{err}");
        assert_eq!(err.lines().count(), 2, "{err}");
        assert!(files_under(&dir) == before, "SIG{signal} changed a previous output");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_run_into_one_out_waits_for_the_first() {
    let dir = fresh_dir("lock");
    let (absence, short, headcount) = payroll_inputs(&dir);
    let run = |absence: &str, out: &Path| {
        let mut command = Command::new(UTFALL);
        command
            .args(["measure", "--absence", absence, "--headcount", &headcount])
            .args(["--out", text(out)])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    };
    let alone = dir.join("alone");
    let out = run(&short, &alone).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = files_under(&alone);

    // The first run stops mid-write, holding the lock on tables/.
    let tables = dir.join("tables");
    let first = run(&absence, &tables)
        .arg("--detail")
        .env("UTFALL_TEST_STALL_WRITE_AFTER", "1000")
        .spawn()
        .unwrap();
    let first_temp = wait_for_temp_file(&tables);
    // The second says that it waits, and writes nothing meanwhile.
    let mut second = run(&short, &tables).spawn().unwrap();
    let mut err = BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("waiting") {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "the second run never waited");
    }
    assert_eq!(
        line,
        format!(
            "utfall measure: waiting for another utfall writing into {}\n",
            tables.display()
        )
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(temp_files(&tables), [first_temp]);
    // The first is interrupted: its temporary file goes, the second writes.
    kill("INT", first.id());
    assert_eq!(first.wait_with_output().unwrap().status.code(), Some(130));
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let out = second.wait_with_output().unwrap();
    assert!(out.status.success(), "{rest}");
    assert!(files_under(&tables) == expected);
}
