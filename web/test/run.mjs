// The page in a real browser: headless Chromium (the system's) over the
// DevTools protocol, with the page served over http and opened from file://.
// Checks, for each: the preloaded Botkyrka settlement (2 701 245,52 kr, and
// in English); the synthetic payroll sample measured and settled in the page
// gives the program's JSON documents, every figure; a malformed file shows
// the program's one-line error and the page goes on working; no request is
// made after load, and the Content-Security-Policy is never violated. Takes
// a screenshot of each (web/dist/screenshot-http.png, -file.png).
//
// Without Chromium it prints SKIPPED and exits 0, or 1 under CI=true.
// UTFALL_WEB_BENCH=DIR also measures DIR/absence.csv and DIR/headcount.csv
// in the page and prints the time (nothing is asserted about it).
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "web", "dist");
const page_file = join(dist, "utfall.html");
const ci = process.env.CI === "true";
const ISSUED = "2026-11-29";

function skip(why) {
  console.log(`SKIPPED: web/test/run.mjs: ${why}`);
  process.exit(ci ? 1 : 0);
}

const chromium =
  process.env.CHROMIUM ||
  ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));
if (!chromium) skip("no chromium (install the Debian package chromium)");
if (!existsSync(page_file)) skip("no web/dist/utfall.html (run bash web/build.sh)");
const puppeteer = await import("puppeteer-core").catch(() =>
  skip("no puppeteer-core (run npm ci in web/)"),
);

let passed = 0;
let failed = 0;
function check(ok, what, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok: ${what}`);
  } else {
    failed++;
    console.log(`FAILED: ${what}${detail ? `\n  ${detail}` : ""}`);
  }
}

// The program, as the tests of the workspace built it.
const scratch = mkdtempSync(join(tmpdir(), "utfall-web-test-"));
function utfall(...args) {
  const bin = process.env.UTFALL_BIN;
  const [command, full] = bin
    ? [bin, args]
    : ["cargo", ["run", "--quiet", "--locked", "--bin", "utfall", "--", ...args]];
  return spawnSync(command, full, { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
}
const fixture = (name) => join(root, "tests", "fixtures", "absence", "generated", name);
const payroll = join(root, "examples", "payroll", "contract.toml");
const illustrative = (name) => join(root, "examples", "illustrative", name);
const cli = {};
{
  const measured = utfall(
    "measure", "--quiet", "--absence", fixture("absence.csv"), "--headcount", fixture("headcount.csv"),
    "--json", join(scratch, "measurement.json"), "--series", join(scratch, "series.csv"),
  );
  if (measured.status !== 0) throw new Error(`utfall measure failed: ${measured.stderr}`);
  cli.measurement = JSON.parse(readFileSync(join(scratch, "measurement.json"), "utf8"));
  cli.series = readFileSync(join(scratch, "series.csv"), "utf8");
  const settled = utfall(
    "settle", "--contract", payroll, "--monthly", join(scratch, "series.csv"), "--format", "json", "--issued", ISSUED,
  );
  if (settled.status !== 0) throw new Error(`utfall settle failed: ${settled.stderr}`);
  cli.statement = JSON.parse(settled.stdout);
  // A malformed series: the program's one line, its path as the page names it.
  writeFileSync(join(scratch, "bad-series.csv"), "month,net_days,headcount\n2019-01,12,abc\n");
  const bad = utfall("settle", "--contract", payroll, "--monthly", join(scratch, "bad-series.csv"));
  cli.badSeries = bad.stderr.trim().split(join(scratch, "bad-series.csv")).join("bad-series.csv");
  // A contract with a payment schedule, trend-adjusted by the national index.
  const quarterly = ["--contract", illustrative("contract-quarterly.toml"), "--monthly", illustrative("monthly.csv"), "--index", illustrative("index.csv")];
  const scheduled = utfall("settle", ...quarterly, "--format", "json", "--issued", ISSUED);
  if (scheduled.status !== 0) throw new Error(`utfall settle failed: ${scheduled.stderr}`);
  cli.scheduled = JSON.parse(scheduled.stdout);
  const ledger = utfall("ledger", ...quarterly, "--format", "json");
  if (ledger.status !== 0) throw new Error(`utfall ledger failed: ${ledger.stderr}`);
  cli.ledger = JSON.parse(ledger.stdout);
  // Botkyrka on the report's stated value, in each format the page downloads.
  const botkyrka = ["--contract", join(root, "examples", "botkyrka", "contract.toml"), "--value", "14700000", "--headcount", "6350", "--issued", ISSUED];
  cli.downloads = {};
  for (const format of ["csv", "json", "html"]) {
    const out = utfall("settle", ...botkyrka, "--format", format);
    if (out.status !== 0) throw new Error(`utfall settle failed: ${out.stderr}`);
    cli.downloads[format] = out.stdout;
  }
  const whatif = utfall("what-if", "--contract", join(root, "examples", "botkyrka", "contract.toml"), "--headcount", "6350");
  if (whatif.status !== 0) throw new Error(`utfall what-if failed: ${whatif.stderr}`);
  cli.whatif = whatif.stdout;
  writeFileSync(join(scratch, "bad-absence.csv"), "employee_id,date,hours\n7,2019-01-02,25\n");
}

// Leaves of a JSON document: how many figures were compared.
const leaves = (value) =>
  value !== null && typeof value === "object" ? Object.values(value).reduce((n, v) => n + leaves(v), 0) : 1;

// A first difference between two JSON documents, for the failure message.
function firstDifference(a, b, path = "$") {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: page ${JSON.stringify(a)?.slice(0, 200)}, program ${JSON.stringify(b)?.slice(0, 200)}`;
}

const server = createServer((request, response) => {
  const path = new URL(request.url, "http://localhost").pathname;
  if (path !== "/" && path !== "/utfall.html") {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(readFileSync(page_file));
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const httpUrl = `http://127.0.0.1:${server.address().port}/utfall.html`;

const profile = mkdtempSync(join(tmpdir(), "utfall-web-chromium-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
  ],
});

async function settled(page, before) {
  await page.waitForFunction((n) => window.utfall && window.utfall.runs > n && !window.utfall.busy, { timeout: 60000 }, before);
}
const runs = (page) => page.evaluate(() => window.utfall.runs);

async function act(page, action) {
  const before = await runs(page);
  await action();
  await settled(page, before);
}

async function upload(page, id, path) {
  const input = await page.$(`#${id}`);
  await input.uploadFile(path);
}

async function exercise(how, url) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  const errors = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  await page.evaluateOnNewDocument(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  let loaded = false;
  const after = [];
  page.on("request", (request) => {
    if (loaded) after.push(request.url());
  });
  await page.goto(url, { waitUntil: "load" });
  await settled(page, 0);
  loaded = true;

  const statement = () => page.$eval("#statement", (frame) => frame.srcdoc);
  const json = async () => JSON.parse(await page.evaluate(() => window.utfall.lastStatementJson));
  check((await statement()).includes("2 701 245,52 kr"), `${how}: the preloaded Botkyrka statement shows 2 701 245,52 kr`);
  check((await page.$eval("#chart", (c) => c.innerHTML)).includes("<svg"), `${how}: the risk chart is drawn`);
  check((await page.$eval("#whatif", (e) => e.textContent)) === cli.whatif, `${how}: what-if is the program's text`);
  await act(page, () => page.click("#lang-en"));
  check((await statement()).includes("2,701,245.52 SEK"), `${how}: in English, 2,701,245.52 SEK`);
  await act(page, () => page.click("#lang-sv"));
  await page.screenshot({ path: join(dist, `screenshot-${how}.png`) });

  // The payroll sample measured in the page, then settled: the program's figures.
  await act(page, () => page.$eval("#issued", (input, date) => {
    input.value = date;
    input.dispatchEvent(new Event("change"));
  }, ISSUED));
  await act(page, () => upload(page, "contract", payroll));
  await act(page, () => page.click("#mode-measure"));
  await upload(page, "headcount", fixture("headcount.csv"));
  await page.waitForFunction((n) => window.utfall.files.headcount === n, {}, statSync(fixture("headcount.csv")).size);
  await act(page, () => upload(page, "absence", fixture("absence.csv")));
  const measurement = JSON.parse(await page.evaluate(() => window.utfall.lastMeasurementJson));
  check(isDeepStrictEqual(measurement, cli.measurement),
    `${how}: the measurement's JSON is the program's (${leaves(cli.measurement)} values)`,
    firstDifference(measurement, cli.measurement));
  check((await page.evaluate(() => window.utfall.lastSeries)) === cli.series, `${how}: the monthly series is the program's, byte for byte`);
  const ours = await json();
  check(isDeepStrictEqual(ours, cli.statement),
    `${how}: the statement's JSON is the program's (${leaves(cli.statement)} values)`,
    firstDifference(ours, cli.statement));
  check((await page.$$eval("#months tbody tr", (rows) => rows.length)) > 0, `${how}: the month-by-month table is shown`);
  check(await page.$eval("#ledger-downloads", (e) => e.offsetParent === null), `${how}: no ledger without a payment schedule`);
  await page.screenshot({ path: join(dist, `screenshot-${how}-measured.png`) });

  // A malformed series: the one-line error, then the page goes on.
  await act(page, () => page.click("#mode-monthly"));
  await act(page, () => upload(page, "monthly", join(scratch, "bad-series.csv")));
  const shown = await page.$eval("#error", (e) => (e.hidden ? "" : e.textContent));
  check(shown === cli.badSeries && shown.startsWith("utfall settle: bad-series.csv:") && !shown.includes("\n"), `${how}: a malformed series shows the program's one line`,
    `page ${JSON.stringify(shown)}, program ${JSON.stringify(cli.badSeries)}`);
  await act(page, () => upload(page, "monthly", join(scratch, "series.csv")));
  check(await page.$eval("#error", (e) => e.hidden), `${how}: a good series after it clears the error`);
  const again = await json();
  check(isDeepStrictEqual(again, cli.statement), `${how}: and settles to the program's statement`, firstDifference(again, cli.statement));
  // A malformed absence file: its error, by its name.
  await act(page, () => page.click("#mode-measure"));
  await act(page, () => upload(page, "absence", join(scratch, "bad-absence.csv")));
  const absenceError = await page.$eval("#error", (e) => e.textContent);
  check(absenceError === 'utfall measure: bad-absence.csv:2: field hours: "25" is above 24',
    `${how}: a malformed absence file shows its one line`, absenceError);
  // A payment schedule and a national index: the statement and the ledger.
  await act(page, () => upload(page, "contract", illustrative("contract-quarterly.toml")));
  await act(page, () => page.click("#mode-monthly"));
  await act(page, () => upload(page, "index", illustrative("index.csv")));
  await act(page, () => upload(page, "monthly", illustrative("monthly.csv")));
  const withIndex = await json();
  check(isDeepStrictEqual(withIndex, cli.scheduled),
    `${how}: a series with the national index and a schedule settles to the program's statement (${leaves(cli.scheduled)} values)`,
    firstDifference(withIndex, cli.scheduled));
  const ledgerJson = JSON.parse(await page.evaluate(() => window.utfall.lastLedgerJson));
  check(await page.$eval("#ledger-downloads", (e) => e.offsetParent !== null), `${how}: the ledger's downloads are shown`);
  check(isDeepStrictEqual(ledgerJson, cli.ledger), `${how}: its ledger is the program's (${leaves(cli.ledger)} values)`,
    firstDifference(ledgerJson, cli.ledger));
  await act(page, () => page.click("#index-clear"));
  // Back to the example: the page still works.
  await act(page, () => page.click("#botkyrka"));
  check((await statement()).includes("2 701 245,52 kr") && (await page.$eval("#error", (e) => e.hidden)),
    `${how}: the Botkyrka example again after the errors`);

  // The downloads: the program's bytes (the workbook is dated when written: a workbook).
  const downloads = mkdtempSync(join(scratch, `downloads-${how}-`));
  const session = await browser.target().createCDPSession();
  await session.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, eventsEnabled: true });
  for (const format of ["xlsx", "csv", "json", "html"]) {
    const file = join(downloads, `statement.${format}`);
    await page.click(`[data-download="${format}"]`);
    const deadline = Date.now() + 20000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    if (!existsSync(file)) console.log(`downloads: ${readdirSync(downloads).join(", ")}`);
    if (format === "xlsx") {
      check(bytes.length > 1000 && bytes.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1")),
        `${how}: the xlsx download is a workbook (${bytes.length} bytes)`);
    } else {
      check(bytes.toString("utf8") === cli.downloads[format], `${how}: the ${format} download is the program's, byte for byte`,
        `${bytes.length} bytes, the program's ${Buffer.byteLength(cli.downloads[format])}`);
    }
  }
  await session.detach();

  if (process.env.UTFALL_WEB_BENCH) {
    const dir = process.env.UTFALL_WEB_BENCH;
    await act(page, () => page.click("#mode-measure"));
    await upload(page, "headcount", join(dir, "headcount.csv"));
    await page.waitForFunction((n) => window.utfall.files.headcount === n, {}, statSync(join(dir, "headcount.csv")).size);
    const t0 = Date.now();
    await act(page, () => upload(page, "absence", join(dir, "absence.csv")));
    const times = await page.evaluate(() => window.utfall);
    const error = times.error;
    const rows = JSON.parse(times.lastMeasurementJson).summary?.rows;
    utfall("measure", "--quiet", "--absence", join(dir, "absence.csv"), "--headcount", join(dir, "headcount.csv"),
      "--json", join(scratch, "bench.json"));
    const same = isDeepStrictEqual(JSON.parse(times.lastMeasurementJson), JSON.parse(readFileSync(join(scratch, "bench.json"), "utf8")));
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `bench: ${how}: ${rows} rows (the program's JSON: ${same ? "the same" : "DIFFERENT"}); ` +
        `file read ${s(times.readMs)}, measured ${s(times.measureWallMs)} (${s(times.measureMs)} in the engine), ` +
        `${s(Date.now() - t0)} from the upload to the page's answer${error ? ` (${error})` : ""}`,
    );
  }

  const violations = await page.evaluate(() => window.__csp);
  check(violations.length === 0, `${how}: no Content-Security-Policy violation`, violations.join("; "));
  check(errors.length === 0, `${how}: no script error`, errors.join("; "));
  // A blob: URL is the page's own memory (the downloads, the worker), not the network.
  const network = after.filter((u) => !u.startsWith("blob:") && !u.startsWith("data:"));
  check(network.length === 0, `${how}: no request after load (${after.length} blob:/data: URLs)`, network.join(", "));
  await page.close();
}

try {
  await exercise("http", httpUrl);
  await exercise("file", pathToFileURL(page_file).href);
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`web: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
