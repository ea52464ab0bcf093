//! The functions of this crate for JavaScript (`wasm-bindgen`): files come
//! as a name and bytes, a missing one as an empty name; formats and locales
//! as the words the program takes; errors are thrown as `Error`s whose
//! message is the program's one line.
// The macro's generated glue code is not ours to document or lint; each
// file takes two arguments (a name and bytes), and JavaScript has no structs
// to group them without serde.
#![allow(missing_docs, clippy::missing_errors_doc, clippy::too_many_arguments)]

use wasm_bindgen::prelude::*;

use crate::{File, Format, MeasureRequest, SettleRequest};

/// A file, or `None` when its name is empty.
fn given<'a>(name: &'a str, bytes: &'a [u8]) -> Option<File<'a>> {
    (!name.is_empty()).then(|| File::new(name, bytes))
}

/// A text field, or `None` when empty.
fn text(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

fn error(message: String) -> JsError {
    JsError::new(&message)
}

#[wasm_bindgen(js_name = settle)]
pub fn settle_js(
    contract_name: &str,
    contract: &[u8],
    monthly_name: &str,
    monthly: &[u8],
    index_name: &str,
    index: &[u8],
    value: &str,
    headcount: &str,
    as_of: &str,
    issued: &str,
    format: &str,
    locale: &str,
) -> Result<Vec<u8>, JsError> {
    let format: Format = format.parse().map_err(error)?;
    crate::settle_statement(&SettleRequest {
        contract: File::new(contract_name, contract),
        monthly: given(monthly_name, monthly),
        index: given(index_name, index),
        value: text(value),
        headcount: text(headcount),
        as_of: text(as_of),
        issued,
        format,
        locale,
    })
    .map_err(error)
}

#[wasm_bindgen(js_name = ledger)]
pub fn ledger_js(
    contract_name: &str,
    contract: &[u8],
    monthly_name: &str,
    monthly: &[u8],
    index_name: &str,
    index: &[u8],
    format: &str,
    locale: &str,
) -> Result<Vec<u8>, JsError> {
    let format: Format = format.parse().map_err(error)?;
    crate::ledger(
        &File::new(contract_name, contract),
        &File::new(monthly_name, monthly),
        given(index_name, index).as_ref(),
        format,
        locale,
    )
    .map_err(error)
}

#[wasm_bindgen(js_name = riskCurve)]
pub fn risk_curve_js(
    contract_name: &str,
    contract: &[u8],
    monthly_name: &str,
    monthly: &[u8],
    index_name: &str,
    index: &[u8],
    value: &str,
    svg: bool,
    locale: &str,
) -> Result<String, JsError> {
    crate::risk_curve(
        &File::new(contract_name, contract),
        given(monthly_name, monthly).as_ref(),
        given(index_name, index).as_ref(),
        text(value),
        svg,
        locale,
    )
    .map_err(error)
}

#[wasm_bindgen(js_name = whatIf)]
pub fn what_if_js(
    contract_name: &str,
    contract: &[u8],
    monthly_name: &str,
    monthly: &[u8],
    headcount: u32,
    csv: bool,
    locale: &str,
) -> Result<String, JsError> {
    crate::what_if(
        &File::new(contract_name, contract),
        given(monthly_name, monthly).as_ref(),
        (headcount > 0).then_some(headcount),
        csv,
        locale,
    )
    .map_err(error)
}

#[wasm_bindgen]
extern "C" {
    /// The page's worker's `utfallProgress(bytesRead)`.
    #[wasm_bindgen(js_namespace = globalThis, js_name = utfallProgress)]
    fn progress(done: f64);
}

/// A measurement: the JSON document and the monthly series.
#[wasm_bindgen]
pub struct Measured(crate::Measured);

#[wasm_bindgen]
impl Measured {
    /// The document `utfall measure --json` writes.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.0.json.clone()
    }

    /// The series `utfall measure --series` writes.
    #[wasm_bindgen(getter)]
    pub fn series(&self) -> String {
        self.0.series.clone()
    }
}

#[wasm_bindgen(js_name = measure)]
pub fn measure_js(
    absence_name: &str,
    absence: &[u8],
    headcount_name: &str,
    headcount: &[u8],
    config_name: &str,
    config: &[u8],
    history: bool,
    hours_per_day: &str,
) -> Result<Measured, JsError> {
    let request = MeasureRequest {
        config: given(config_name, config),
        history,
        hours_per_day: text(hours_per_day),
    };
    // Bytes as a float: JavaScript's number, exact to 2^53.
    #[allow(clippy::cast_precision_loss)]
    let mut report = |done: u64| progress(done as f64);
    crate::measure(
        &File::new(absence_name, absence),
        &File::new(headcount_name, headcount),
        &request,
        &mut report,
    )
    .map(Measured)
    .map_err(error)
}
