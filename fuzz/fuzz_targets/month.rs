//! `"YYYY-MM".parse::<Month>()`: no panic; what parses prints back identically
//! and agrees with `Month::new`; an error is one line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use utfall::engine::Month;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<Month>() {
        Ok(month) => {
            assert_eq!(month.to_string(), text, "a parsed month prints back as written");
            assert_eq!(Month::new(month.year(), month.month()).ok(), Some(month));
            // Arithmetic on a parsed month stays in range or is an error.
            for count in [-1, 1, 12, -120_000, 120_000, i32::MIN, i32::MAX] {
                if let Ok(later) = month.add_months(count) {
                    assert_eq!(month.months_until(later), count);
                }
            }
        }
        Err(e) => assert!(!e.to_string().contains(['\n', '\r']), "one line: {e}"),
    }
});
