//! The fields and rows of the CSV files utfall writes, safe to open in a
//! spreadsheet: every writer quotes through [`csv_field`], and a writer
//! that has its row as text joins it with [`csv_row`].

use std::borrow::Cow;

use crate::arith::parse_decimal;

/// `text` as one CSV field: quoted as RFC 4180 says when it must be (a field
/// with `,`, `"` or a line break is put in double quotes and its `"`
/// doubled), and neutralised when a spreadsheet would take it for a formula.
///
/// A text field that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a `'` in front, as the OWASP guidance on CSV injection says,
/// so that a contract name or an employee id such as `=HYPERLINK(…)` is shown
/// as text and never run. A field that starts with `'` gets one more, so that
/// a reader takes back the text as written by removing one leading `'` from
/// every field that starts with one. Numbers (`-4722.22`) are left as they
/// are: they stay numbers.
///
/// # Example
/// ```
/// use utfall_engine::csv_field;
/// assert_eq!(csv_field("Aino Health"), "Aino Health");
/// assert_eq!(csv_field("clamp(V, 0, k · I_w)"), "\"clamp(V, 0, k · I_w)\"");
/// assert_eq!(csv_field("-4722.22"), "-4722.22");
/// assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
/// assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(csv_field("'quoted"), "''quoted");
/// ```
pub fn csv_field(text: &str) -> Cow<'_, str> {
    let starts_formula = text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) && parse_decimal(text).is_err();
    let text: Cow<'_, str> = if starts_formula {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    };
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        text
    }
}

/// One row of a CSV file: each of `fields` as [`csv_field`] writes it,
/// separated by commas, ending with `\n`.
///
/// # Example
/// ```
/// use utfall_engine::csv_row;
/// assert_eq!(csv_row(&["Aino Health", "-4722.22", "a, b", "=1+2"]), "Aino Health,-4722.22,\"a, b\",'=1+2\n");
/// assert_eq!(csv_row(&[]), "\n");
/// ```
pub fn csv_row(fields: &[&str]) -> String {
    let mut row = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            row.push(',');
        }
        row.push_str(&csv_field(field));
    }
    row.push('\n');
    row
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    /// What a reader does: RFC 4180 unquoting, then one leading `'` removed.
    fn read_back(field: &str) -> String {
        let unquoted = match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => field.to_owned(),
        };
        unquoted.strip_prefix('\'').map_or(unquoted.clone(), str::to_owned)
    }

    #[test]
    fn every_text_reads_back_as_written() {
        for text in [
            "plain",
            "",
            "=1+2",
            "+46 8 123",
            "-x",
            "@cmd",
            "\tTab",
            "\rCR",
            "'",
            "''=",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "-12.5",
            "−12,5",
        ] {
            assert_eq!(read_back(&csv_field(text)), text, "{text:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers() {
        for number in ["0", "-0.00", "-4722.2222222222222222", "22870000"] {
            assert_eq!(csv_field(number), number);
        }
        assert_eq!(csv_field("-1e3"), "'-1e3");
    }
}
