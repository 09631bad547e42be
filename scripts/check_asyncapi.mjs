// Parse an AsyncAPI document with @asyncapi/parser and print its diagnostics as JSON.
// Usage: node check_asyncapi.mjs <asyncapi.json>   (run where @asyncapi/parser is installed)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.cwd() + "/");
const { Parser } = require("@asyncapi/parser");
const text = readFileSync(process.argv[2], "utf8");
const { document, diagnostics } = await new Parser().parse(text);
const channels = document ? document.channels().all().map((c) => c.address()) : [];
const messages = document ? document.components().messages().all().map((m) => m.id()) : [];
console.log(JSON.stringify({
  valid: Boolean(document),
  errors: diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join("/")}: ${d.message}`),
  warnings: diagnostics.filter((d) => d.severity === 1).map((d) => `${d.path.join("/")}: ${d.message}`),
  channels,
  messages,
}));
