// The engine's worker: the wasm-bindgen glue (above, from the build) and the
// module's bytes (WASM_BASE64, inlined by the build); every call of the page
// runs here, off its main thread, so that the progress bar moves while a
// payroll export is measured.
"use strict";

function bytesOf(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let total = 0;
let shown = -1;
// Called by the measurement with the bytes of the absence file read so far.
globalThis.utfallProgress = (done) => {
  const permille = total > 0 ? Math.floor((1000 * done) / total) : 0;
  if (permille !== shown) {
    shown = permille;
    postMessage({ progress: done, total });
  }
};

let started;
try {
  const started_at = performance.now();
  wasm_bindgen.initSync({ module: bytesOf(WASM_BASE64) });
  started = { ms: performance.now() - started_at };
} catch (err) {
  started = { error: String((err && err.message) || err) };
}

const engine = wasm_bindgen;

const calls = {
  settle: (args) => engine.settle(...args),
  ledger: (args) => engine.ledger(...args),
  riskCurve: (args) => engine.riskCurve(...args),
  whatIf: (args) => engine.whatIf(...args),
  measure: (args) => {
    total = args[1].length;
    shown = -1;
    const t0 = performance.now();
    const measured = engine.measure(...args);
    const result = { json: measured.json, series: measured.series, ms: performance.now() - t0 };
    measured.free();
    return result;
  },
};

onmessage = (event) => {
  const { id, call, args } = event.data;
  try {
    if (started.error) throw new Error(started.error);
    const result = calls[call](args);
    postMessage({ id, result });
  } catch (err) {
    postMessage({ id, error: String((err && err.message) || err) });
  }
};

postMessage({ ready: true, ...started });
