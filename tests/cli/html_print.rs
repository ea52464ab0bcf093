//! `utfall settle --format html`: the statement as one page, printed to PDF by
//! a real browser (headless Chromium) and read back with poppler's
//! `pdftotext` and `pdfinfo`, as finance staff would print it; and the
//! command line around it (`.html`/`.htm` choose it, `ledger` refuses it).
//!
//! The two print tests (Botkyrka's statement, and the widest page: a monthly
//! outcome with its month table) need `chromium`, `pdftotext` and `pdfinfo`
//! on PATH (Debian: `apt-get install chromium poppler-utils`; `bash
//! scripts/test` installs them when missing). Without them each prints
//! `SKIPPED: <test>: chromium not found (install: …)` to standard error and
//! returns, except when `CI=true`, where it fails: CI must not pass without
//! having printed the page.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rust_decimal::Decimal;

use super::files::{fresh_dir, text};
use super::run::*;
use crate::common::d;

/// The tools the print test runs, each from PATH.
const TOOLS: [&str; 3] = ["chromium", "pdftotext", "pdfinfo"];

/// How long Chromium may take to print the page before the test gives up on
/// it (it takes about a second).
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// Botkyrka's statement, written by the program as `DIR/statement.html`.
fn botkyrka_html(dir: &Path) -> String {
    let html = dir.join("statement.html");
    let out = settle(&[botkyrka_args(), owned(&["--out", text(&html)])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).is_empty());
    std::fs::read_to_string(&html).unwrap()
}

#[test]
fn botkyrka_statement_prints_on_a4_with_its_figures() {
    let test = "cli::html_print::botkyrka_statement_prints_on_a4_with_its_figures";
    let dir = fresh_dir("html-print");
    let page = botkyrka_html(&dir);
    assert_self_contained(&page);
    if !tools_or_skip(test) {
        return;
    }

    let pdf = dir.join("statement.pdf");
    print_to_pdf(&dir.join("statement.html"), &pdf, &dir.join("chromium-profile"));
    // Three pages today; more than six means rows no longer sit side by side.
    let pages = a4_pages(&pdf);
    assert!((1..=6).contains(&pages), "{pages} pages");

    let layout = tool("pdftotext", &["-layout", text(&pdf), "-"]);
    // The key figures exactly as Swedish style prints them, each on one line
    // of the printout with the start of its label (a label may wrap).
    for (label, figure) in [
        // The summary: what each party receives and nets.
        ("Aino Health får utfallsersättning", "2 701 245,52 kr"),
        ("Botkyrka kommuns nettoresultat", "3 183 569,76 kr"),
        ("Aino Healths resultat", "716 708,02 kr"),
        // The appendix.
        ("Aino Healths utfallsersättning", "2 701 245,52 kr"),
        ("värde som Botkyrka kommun", "11 998 754,48 kr"),
        ("investering som hör till", "10 799 722,22 kr"),
    ] {
        assert!(
            layout.lines().any(|l| l.contains(label) && l.contains(figure)),
            "no line with {label:?} and {figure:?} in the PDF:\n{layout}"
        );
    }
    for figure in ["2 701 245,52", "11 998 754,48", "10 799 722,22"] {
        assert!(layout.contains(figure), "{figure} not in the PDF:\n{layout}");
    }
    assert!(
        layout.contains("Avräkning: Arbetsmiljö och Hälsa i Fokus, Botkyrka"),
        "{layout}"
    );
    // The risk chart is on the page, in Swedish, the report's value marked.
    for words in [
        "Botkyrka kommuns nettoresultat",
        "nollresultat (22,87 Mkr)",
        "uppmätt utfall (14,70",
    ] {
        assert!(layout.contains(words), "{words} not in the PDF:\n{layout}");
    }
    // The formulas wrap in their cell but never inside a number.
    assert!(layout.contains("I · n / N = 22 870 000 · 17 / 36 ="), "{layout}");
    assert!(layout.contains("10 799 722,2222222222222222"), "{layout}");
    // The sources are printed to their end.
    assert!(layout.contains("[12] contract.provider[Aino Health].cap"), "{layout}");

    assert_not_shrunk(&tool("pdftotext", &["-bbox", text(&pdf), "-"]));
}

/// The widest page: a monthly outcome with the trend adjustment has the
/// month table's thirteen columns, and a formula of nine inputs per month.
#[test]
fn a_statement_with_its_month_table_prints_within_the_page() {
    let test = "cli::html_print::a_statement_with_its_month_table_prints_within_the_page";
    let dir = fresh_dir("html-print-monthly");
    let html = dir.join("statement.html");
    let out = settle(&[illustrative_args("contract.toml"), owned(&["--out", text(&html)])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_self_contained(&std::fs::read_to_string(&html).unwrap());
    if !tools_or_skip(test) {
        return;
    }
    let pdf = dir.join("statement.pdf");
    print_to_pdf(&html, &pdf, &dir.join("chromium-profile"));
    // Six pages today: the month table and two lines for each of 17 months.
    let pages = a4_pages(&pdf);
    assert!((2..=10).contains(&pages), "{pages} pages");
    let layout = tool("pdftotext", &["-layout", text(&pdf), "-"]);
    assert!(layout.contains("x_adj(m)"), "{layout}");
    assert!(layout.contains("2020-02"), "{layout}");
    assert_not_shrunk(&tool("pdftotext", &["-bbox", text(&pdf), "-"]));
}

/// The number of pages of `pdf`, each of which must be A4 portrait.
fn a4_pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &["-f", "1", "-l", "1000", text(pdf)]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count:\n{info}"));
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .collect();
    assert_eq!(sizes.len(), pages, "{info}");
    for size in sizes {
        assert!(is_a4_portrait(size), "not A4 portrait: {size}");
    }
    pages
}

/// Nothing on the page is fetched: no scripts, images, style sheets, fonts or
/// links to elsewhere.
fn assert_self_contained(page: &str) {
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">\n"), "{page}");
    assert!(page.contains("<meta charset=\"utf-8\">"));
    let lower = page.to_lowercase();
    for external in [
        "src=", "href=", "@import", "url(", "<link", "<script", "<img", "<iframe", "<object",
    ] {
        assert!(!lower.contains(external), "the page holds {external:?}");
    }
    assert!(lower.contains("@page { size: a4; margin: 18mm 15mm; }"));
}

/// Whether a line of `pdfinfo` is `Page    N size: 594.96 x 841.92 pts (A4)`,
/// within a point of A4 (595.28 × 841.89 pt).
fn is_a4_portrait(line: &str) -> bool {
    let Some((_, size)) = line.split_once("size:") else {
        return false;
    };
    let mut numbers = size.split_whitespace().filter_map(|w| w.parse::<Decimal>().ok());
    let (Some(width), Some(height)) = (numbers.next(), numbers.next()) else {
        return false;
    };
    (d("594.28")..=d("596.28")).contains(&width) && (d("840.89")..=d("842.89")).contains(&height)
}

/// Chromium shrinks a page whose content is wider than the paper to fit it,
/// so content that overflows to the right shows as a smaller title: the
/// first word, `Settlement`, set at 9.5 pt · 1.45 = 13.8 pt, is at least
/// 13 pt high in any font unless the page was shrunk (by a third, with the
/// formulas kept on one line each). And no word may stand in the side
/// margins of 15 mm (42.5 pt).
fn assert_not_shrunk(bbox: &str) {
    let attribute = |tag: &str, name: &str| -> Decimal {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let page_width = bbox
        .lines()
        .find(|l| l.trim_start().starts_with("<page "))
        .map(|l| attribute(l, "width"))
        .unwrap();
    let words: Vec<&str> = bbox.lines().filter(|l| l.trim_start().starts_with("<word ")).collect();
    let title = words.first().unwrap();
    assert!(title.ends_with(">Avräkning:</word>"), "{title}");
    let height = attribute(title, "yMax") - attribute(title, "yMin");
    assert!(
        height >= d("13"),
        "the title is {height} pt high: the page was shrunk to fit"
    );
    let (left, right) = (d("41.5"), page_width - d("41.5"));
    for word in words {
        assert!(
            attribute(word, "xMin") >= left && attribute(word, "xMax") <= right,
            "a word in the margin: {word}"
        );
    }
}

/// Whether every tool is on PATH; if not, prints the skip line and returns
/// false, or fails when `CI=true`, so that CI cannot pass without the
/// browser.
fn tools_or_skip(test: &str) -> bool {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let line = format!(
        "SKIPPED: {test}: {} not found (install: apt-get install chromium poppler-utils)",
        missing.join(", ")
    );
    // Straight to the process's standard error: the test harness captures
    // what `eprintln!` prints in a test that passes, and a skip must show.
    let _ = writeln!(std::io::stderr(), "{line}");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{line}; with CI=true this test must run (bash scripts/test installs them)"
    );
    false
}

/// Whether an executable file `name` is in a folder of PATH.
fn on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(name)).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

/// Runs `program ARGS` and returns its standard output; fails on a failure.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Prints `html` to `pdf` with headless Chromium: a fresh profile in
/// `profile`, no network of its own (no updates, sync or QUIC), no header
/// and footer (the date and file name would be printed on each page).
fn print_to_pdf(html: &Path, pdf: &Path, profile: &Path) {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &file_url(html),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes on threads, so that a chatty Chromium cannot fill one
    // and stall while the test waits for it to end.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PRINT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not print {} in {PRINT_TIMEOUT:?}", html.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    // Chromium logs its D-Bus complaints on standard error even when it
    // succeeds; they are shown only when it fails.
    assert!(
        output.status.success() && pdf.is_file(),
        "chromium failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `file:///…` for an absolute path, each byte other than letters, digits,
/// `/`, `-`, `.`, `_` and `~` percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[test]
fn html_and_htm_choose_the_page_and_english_style_is_lang_en() {
    let dir = fresh_dir("html-extensions");
    for name in ["statement.html", "statement.HTM"] {
        let path = dir.join(name);
        let out = settle(&[botkyrka_args(), owned(&["--locale", "en", "--out", text(&path)])].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"), "{name}");
        assert!(page.contains("<td class=\"amount\">2,701,245.52 SEK</td>"), "{name}");
        assert!(page.ends_with("</body>\n</html>\n"), "{name}");
    }
    // To standard output with --format html.
    let out = settle(&[botkyrka_args(), owned(&["--format", "html"])].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("<td class=\"amount\">2 701 245,52 kr</td>"));
}

#[test]
fn a_ledger_is_not_written_as_html_yet() {
    let expected = "error: only utfall settle writes html so far; give --format (text, markdown, json, csv, xlsx)";
    command_line_mistake(&ledger(&["--format", "html"]), expected);
    let path = fresh_dir("html-ledger").join("ledger.html");
    command_line_mistake(&ledger(&["--out", text(&path)]), expected);
    assert!(!path.exists());
}
