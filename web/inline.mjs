// Inlines the page's parts into one file, web/dist/utfall.html: the style,
// the app, the worker (wasm-bindgen's glue, the module as base64 and
// worker.js) and the Botkyrka contract. Run by web/build.sh.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = dirname(fileURLToPath(import.meta.url));
const read = (...parts) => readFileSync(join(web, ...parts), "utf8");

// Text inside a <script> element must not close it.
function scriptSafe(text, what) {
  if (/<\/script/i.test(text) || /<!--/.test(text)) {
    throw new Error(`web/inline.mjs: ${what} holds </script or <!--, which would end its script element`);
  }
  return text;
}

const wasm = readFileSync(join(web, "dist", "pkg", "utfall_web_bg.wasm")).toString("base64");
const worker = [
  read("dist", "pkg", "utfall_web.js"),
  `const WASM_BASE64 = "${wasm}";`,
  read("worker.js"),
].join("\n");
const contract = JSON.stringify(read("..", "examples", "botkyrka", "contract.toml")).replace(/</g, "\\u003c");
const app = read("app.js").replace('/*BOTKYRKA*/ ""', () => contract);

const parts = {
  "/*STYLE*/": read("style.css"),
  "/*WORKER*/": scriptSafe(worker, "the worker"),
  "/*APP*/": scriptSafe(app, "the app"),
};
let html = read("index.html");
for (const [mark, text] of Object.entries(parts)) {
  if (!html.includes(mark)) throw new Error(`web/inline.mjs: ${mark} is missing from web/index.html`);
  html = html.replace(mark, () => text);
}
writeFileSync(join(web, "dist", "utfall.html"), html);
