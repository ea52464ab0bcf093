//! Temporary files: a spill leaves nothing behind however the run ends (done,
//! a bad row, an interrupt, a panic), and its folder is private.

use super::*;

/// 2 000 employees over 20 days of January 2020, the dates backwards: the
/// second row is out of order, so the rows are sorted (and spilled).
fn unsorted_records() -> String {
    let (first, _) = crate::fields::parse_date(b"2020-01-01").unwrap();
    let mut text = String::from("employee_id,date,hours\n");
    for day in (0..20).rev() {
        for employee in 1..=2000 {
            text += &format!("{employee},{},8\n", format_day(first + day));
        }
    }
    text
}

fn spilling(dir: &TestDir) -> Options {
    Options {
        sort_memory_rows: 64,
        temp_dir: Some(dir.0.clone()),
        ..Options::default()
    }
}

#[test]
fn a_spill_leaves_nothing_behind_on_success_and_on_a_bad_row() {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let dir = TestDir::new("spill-ends");
    let records = unsorted_records();
    let m = measure_with(&records, &headcount, &spilling(&dir)).unwrap();
    assert_eq!((m.summary().rows, m.summary().spells), (40_000, 2000));
    assert_eq!(dir.entries(), Vec::<String>::new());
    // A bad row after more than a batch of rows: the spill is under way.
    let mut bad = records.clone();
    let at = bad.match_indices('\n').nth(35_000).unwrap().0 + 1;
    bad.insert_str(at, "1,2020-01-05,25\n");
    let err = measure_with(&bad, &headcount, &spilling(&dir)).unwrap_err();
    assert_eq!(err.to_string(), "line 35002: field hours: \"25\" is above 24");
    assert_eq!(dir.entries(), Vec::<String>::new());
    // A duplicate found while the parts are merged.
    let mut twice = records.clone();
    twice.push_str("5,2020-01-07,1\n");
    let err = measure_with(&twice, &headcount, &spilling(&dir)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Duplicate { .. }), "{err}");
    assert_eq!(dir.entries(), Vec::<String>::new());
}

/// Hands out the records a little at a time; on the second opening (the
/// sorting pass), holds at `hold` bytes until the flag is set.
struct Gate<'a> {
    data: &'a [u8],
    at: usize,
    hold: Option<usize>,
    flag: Arc<AtomicBool>,
}

impl Read for Gate<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.hold.is_some_and(|hold| self.at >= hold) {
            let start = std::time::Instant::now();
            while !self.flag.load(std::sync::atomic::Ordering::SeqCst)
                && start.elapsed() < std::time::Duration::from_secs(60)
            {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            self.hold = None;
        }
        let n = buf.len().min(4096).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn an_interrupt_from_another_thread_stops_the_run_and_removes_the_spill() {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let dir = TestDir::new("spill-interrupt");
    let records = unsorted_records();
    // Past 30 000 rows: more than a batch, so the spill is made by then.
    let hold = records.match_indices('\n').nth(30_000).unwrap().0;
    let flag = Arc::new(AtomicBool::new(false));
    let options = Options {
        interrupt: Some(flag.clone()),
        ..spilling(&dir)
    };
    let watcher = {
        let (parent, flag) = (dir.0.clone(), flag.clone());
        std::thread::spawn(move || {
            let start = std::time::Instant::now();
            let mut seen = None;
            while seen.is_none() && start.elapsed() < std::time::Duration::from_secs(60) {
                seen = std::fs::read_dir(&parent)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .find(|p| p.join("part-255.rows").exists());
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            #[cfg(unix)]
            let modes = seen
                .as_ref()
                .map(|spill| (mode(spill), mode(&spill.join("part-000.rows"))));
            #[cfg(not(unix))]
            let modes = seen.as_ref().map(|_| (0o700, 0o600));
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            (seen, modes)
        })
    };
    let mut opened = 0;
    let err = measure(
        || {
            opened += 1;
            Ok(Gate {
                data: records.as_bytes(),
                at: 0,
                hold: (opened == 2).then_some(hold),
                flag: flag.clone(),
            })
        },
        &headcount,
        &options,
        &mut |_| {},
    )
    .unwrap_err();
    let (seen, modes) = watcher.join().unwrap();
    assert!(matches!(err.kind(), ErrorKind::Interrupted), "{err}");
    assert_eq!(err.to_string(), "the measurement was interrupted");
    let seen = seen.unwrap();
    let name = seen.file_name().unwrap().to_string_lossy().into_owned();
    let pid = format!("utfall-spill-{}-", std::process::id());
    assert!(name.starts_with(&pid) && name.len() == pid.len() + 16, "{name}");
    assert_eq!(modes, Some((0o700, 0o600)));
    assert_eq!(dir.entries(), Vec::<String>::new());
    // Set before the run: stops at once, in the first pass.
    let err = measure_with(&records, &headcount, &options).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Interrupted), "{err}");
}

#[test]
fn a_panic_mid_spill_removes_the_spill_as_it_unwinds() {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let dir = TestDir::new("spill-panic");
    let records = unsorted_records();
    let options = spilling(&dir);
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        measure(|| Ok(records.as_bytes()), &headcount, &options, &mut |_| {
            // Progress is reported on the calling thread while sorting.
            if !dir.entries().is_empty() {
                panic!("a progress callback that fails mid-spill");
            }
        })
    }));
    assert!(unwound.is_err());
    assert_eq!(dir.entries(), Vec::<String>::new());
}

#[test]
fn a_missing_temporary_folder_is_an_error_and_is_not_made() {
    let headcount = Headcount::from_csv_str(HEADCOUNT).unwrap();
    let dir = TestDir::new("spill-missing");
    let missing = dir.0.join("no").join("such");
    let options = Options {
        temp_dir: Some(missing.clone()),
        ..spilling(&dir)
    };
    let records = unsorted_records();
    let err = measure_with(&records, &headcount, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot use {:?} for temporary files: the folder does not exist (it is not created)",
            missing.display().to_string()
        )
    );
    assert!(!dir.0.join("no").exists());
}
