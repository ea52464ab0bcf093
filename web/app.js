// The page: files in, the engine (in a worker) settles and measures, the
// statement, its month table and risk chart out. Nothing is sent anywhere:
// the Content-Security-Policy forbids every connection.
"use strict";

// examples/botkyrka/contract.toml, inlined by the build.
const BOTKYRKA = /*BOTKYRKA*/ "";
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const $ = (id) => document.getElementById(id);
const EMPTY = new Uint8Array(0);

const state = {
  locale: "sv",
  contract: { name: "contract.toml", bytes: encoder.encode(BOTKYRKA) },
  monthly: null,
  index: null,
  absence: null,
  headcount: null,
  config: null,
  measured: null,
};

// What the tests (and a curious reader) can look at.
window.utfall = {
  runs: 0,
  busy: false,
  lastStatementJson: null,
  lastLedgerJson: null,
  lastMeasurementJson: null,
  lastSeries: null,
  measureMs: null,
  measureWallMs: null,
  readMs: null,
  wasmStartMs: null,
  error: null,
  // The size of each file taken, by its input.
  files: {},
};

// The engine's worker, made from the script text inlined in this page.
const workerUrl = URL.createObjectURL(
  new Blob([$("worker-source").textContent], { type: "text/javascript" }),
);
const worker = new Worker(workerUrl);
let nextId = 1;
const pending = new Map();
let workerReady;
const ready = new Promise((resolve) => (workerReady = resolve));
worker.onmessage = (event) => {
  const message = event.data;
  if (message.ready) {
    window.utfall.wasmStartMs = message.ms;
    workerReady(message);
  } else if ("progress" in message) {
    $("progress").value = message.total > 0 ? message.progress / message.total : 0;
  } else {
    const call = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) call.reject(new Error(message.error));
    else call.resolve(message.result);
  }
};

async function engine(call, ...args) {
  await ready;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, call, args });
  });
}

const named = (file) => (file ? [file.name, file.bytes] : ["", EMPTY]);

function mode() {
  return document.querySelector('input[name="mode"]:checked').value;
}

// The outcome's arguments of `settle`: the monthly series and index, or a
// stated value and headcount.
function outcome() {
  switch (mode()) {
    case "monthly":
      return [...named(state.monthly), ...named(state.index), "", ""];
    case "measure":
      return [
        ...named(state.measured && { name: "series.csv", bytes: encoder.encode(state.measured.series) }),
        "",
        EMPTY,
        "",
        "",
      ];
    default:
      return ["", EMPTY, "", EMPTY, $("value").value.trim(), $("headcount-n").value.trim()];
  }
}

function settle(format) {
  return engine("settle", ...named(state.contract), ...outcome(), "", $("issued").value, format, state.locale);
}

function ledgerOf(format) {
  return engine("ledger", ...named(state.contract), ...outcome().slice(0, 4), format, state.locale);
}

function showError(message) {
  // One line: the engine's message; the page goes on working.
  const line = String(message).split("\n")[0];
  window.utfall.error = line;
  $("error").textContent = line;
  $("error").hidden = false;
}

function clearError() {
  window.utfall.error = null;
  $("error").hidden = true;
  $("error").textContent = "";
}

function monthTable(statement) {
  const section = statement.sections.find((s) => s.id === "outcome.months");
  const box = $("months");
  box.replaceChildren();
  $("months-section").hidden = !section;
  if (!section) return;
  const rows = new Map();
  const columns = new Map();
  for (const line of section.lines) {
    const found = /^month\[(\d{4}-\d{2})\]\.(.+)$/.exec(line.id);
    if (!found) continue;
    const [, month, what] = found;
    if (!columns.has(what)) columns.set(what, line.label);
    if (!rows.has(month)) rows.set(month, new Map());
    rows.get(month).set(what, line.result);
  }
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const title of [state.locale === "en" ? "month" : "månad", ...columns.values()]) {
    const th = document.createElement("th");
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const [month, values] of rows) {
    const row = body.insertRow();
    row.insertCell().textContent = month;
    for (const what of columns.keys()) row.insertCell().textContent = values.get(what) ?? "";
  }
  box.append(table);
}

function clearResults() {
  window.utfall.lastStatementJson = null;
  window.utfall.lastLedgerJson = null;
  $("ledger-downloads").hidden = true;
  $("json").textContent = "";
  $("statement").srcdoc = "";
  $("chart").replaceChildren();
  $("months").replaceChildren();
  $("months-section").hidden = true;
  $("whatif").textContent = "";
}

let generation = 0;

// Settles what is given and shows it: the statement, its JSON, the month
// table and the risk chart; or the one-line error.
async function refresh() {
  const mine = ++generation;
  window.utfall.busy = true;
  // Nothing to settle yet: a series to pick, or an export to measure.
  const waiting = (mode() === "monthly" && !state.monthly) || (mode() === "measure" && !state.measured);
  try {
    if (waiting) {
      clearError();
      clearResults();
      return;
    }
    const [html, json] = [await settle("html"), await settle("json")];
    const curveArgs = outcome();
    const svg = await engine(
      "riskCurve",
      ...named(state.contract),
      curveArgs[0],
      curveArgs[1],
      curveArgs[2],
      curveArgs[3],
      curveArgs[4],
      true,
      state.locale,
    );
    // What-if: by the headcount given, or the series' average.
    const series = outcome().slice(0, 2);
    const headcount = mode() === "value" ? Number.parseInt($("headcount-n").value, 10) || 0 : 0;
    const whatif = await engine("whatIf", ...named(state.contract), ...series, headcount, false, state.locale).catch(
      (err) => err.message,
    );
    // With a payment schedule and measured data, the ledger too.
    const document_ = JSON.parse(decoder.decode(json));
    const ledger = document_.has_schedule && mode() !== "value" ? await ledgerOf("json") : null;
    if (mine !== generation) return;
    window.utfall.lastLedgerJson = ledger && decoder.decode(ledger);
    $("whatif").textContent = whatif;
    $("ledger-downloads").hidden = !ledger;
    const text = decoder.decode(json);
    window.utfall.lastStatementJson = text;
    $("json").textContent = text;
    $("statement").srcdoc = decoder.decode(html);
    $("chart").innerHTML = svg;
    monthTable(JSON.parse(text));
    clearError();
  } catch (err) {
    if (mine !== generation) return;
    clearResults();
    showError(err.message);
  } finally {
    if (mine === generation) {
      window.utfall.busy = false;
      window.utfall.runs++;
    }
  }
}

async function measure() {
  if (!state.absence || !state.headcount) return;
  window.utfall.busy = true;
  ++generation;
  $("progress").value = 0;
  $("measure-status").textContent = state.locale === "en" ? "measuring…" : "mäter…";
  state.measured = null;
  window.utfall.lastMeasurementJson = null;
  window.utfall.lastSeries = null;
  const t0 = performance.now();
  try {
    const result = await engine(
      "measure",
      ...named(state.absence),
      ...named(state.headcount),
      ...named(state.config),
      $("history").checked,
      $("hours-per-day").value.trim(),
    );
    state.measured = result;
    window.utfall.lastMeasurementJson = result.json;
    window.utfall.lastSeries = result.series;
    window.utfall.measureMs = result.ms;
    // From the call to its answer on the main thread: with the copy of the
    // file to the worker and into the engine's memory.
    window.utfall.measureWallMs = performance.now() - t0;
    $("progress").value = 1;
    const seconds = (result.ms / 1000).toFixed(2);
    $("measure-status").textContent = state.locale === "en" ? `measured in ${seconds} s` : `mätt på ${seconds} s`;
    $("download-measurement").hidden = false;
    $("download-series").hidden = false;
  } catch (err) {
    $("measure-status").textContent = "";
    showError(err.message);
    window.utfall.busy = false;
    window.utfall.runs++;
    return;
  }
  await refresh();
}

function download(name, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv",
  json: "application/json",
  html: "text/html",
};

for (const button of document.querySelectorAll("[data-download]")) {
  button.addEventListener("click", async () => {
    const format = button.dataset.download;
    try {
      download(`statement.${format}`, await settle(format), TYPES[format]);
    } catch (err) {
      showError(err.message);
    }
  });
}
for (const button of document.querySelectorAll("[data-ledger]")) {
  button.addEventListener("click", async () => {
    const format = button.dataset.ledger;
    try {
      download(`ledger.${format}`, await ledgerOf(format), TYPES[format]);
    } catch (err) {
      showError(err.message);
    }
  });
}
$("download-measurement").addEventListener("click", () => {
  if (state.measured) download("measurement.json", state.measured.json, TYPES.json);
});
$("download-series").addEventListener("click", () => {
  if (state.measured) download("series.csv", state.measured.series, TYPES.csv);
});

// A file picked or dropped: kept with its name, which errors name it by.
async function take(which, file) {
  const t0 = performance.now();
  state[which] = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  window.utfall.readMs = performance.now() - t0;
  window.utfall.files[which] = state[which].bytes.length;
  $(`${which}-name`).textContent = file.name;
  if (which === "absence" || which === "headcount" || which === "config") {
    await measure();
  } else {
    await refresh();
  }
}

for (const which of ["contract", "monthly", "index", "absence", "headcount", "config"]) {
  $(which).addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (file) take(which, file);
  });
}

for (const zone of document.querySelectorAll(".drop[data-file]")) {
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer.files[0];
    if (file) take(zone.dataset.file, file);
  });
}
// A file dropped beside a zone is not opened in place of the page.
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => event.preventDefault());

$("botkyrka").addEventListener("click", () => {
  state.contract = { name: "contract.toml", bytes: encoder.encode(BOTKYRKA) };
  $("contract-name").textContent = "examples/botkyrka/contract.toml";
  $("mode-value").checked = true;
  $("value").value = "14700000";
  $("headcount-n").value = "6350";
  showPanels();
  refresh();
});

$("index-clear").addEventListener("click", () => {
  state.index = null;
  $("index-name").textContent = "";
  refresh();
});

function showPanels() {
  for (const name of ["value", "monthly", "measure"]) $(`panel-${name}`).hidden = mode() !== name;
}

for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener("change", () => {
    showPanels();
    refresh();
  });
}
for (const id of ["value", "headcount-n", "issued"]) $(id).addEventListener("change", refresh);
$("measure").addEventListener("click", measure);

function setLanguage(locale) {
  state.locale = locale;
  document.documentElement.lang = locale;
  for (const element of document.querySelectorAll("[data-sv]")) element.textContent = element.dataset[locale];
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === locale));
  }
}

for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => {
    setLanguage(button.dataset.lang);
    refresh();
  });
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

$("issued").value = today();
$("contract-name").textContent = "examples/botkyrka/contract.toml";
setLanguage("sv");
showPanels();
refresh();
