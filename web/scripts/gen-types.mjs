// Generate the web client's types from the sources of truth, never by hand:
//   src/api/schema.gen.ts  ← src/api/openapi.json (the gateway's OpenAPI, exported by
//                            scripts/export_openapi.py)
//   src/api/events.gen.ts  ← ../docs/asyncapi.yaml (generated from libs/contracts)
// `--check` regenerates in memory and fails when a committed file differs.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { compile } from "json-schema-to-typescript";
import { parse } from "yaml";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OPENAPI = resolve(web, "src/api/openapi.json");
const ASYNCAPI = resolve(web, "../docs/asyncapi.yaml");
const SCHEMA_OUT = resolve(web, "src/api/schema.gen.ts");
const EVENTS_OUT = resolve(web, "src/api/events.gen.ts");
const BANNER = (source, command) =>
  `// Generated from ${source} by \`${command}\`; do not edit by hand.\n`;

async function apiTypes() {
  const document = JSON.parse(await readFile(OPENAPI, "utf8"));
  const ast = await openapiTS(document, { alphabetize: true });
  return BANNER("src/api/openapi.json", "npm run gen") + "\n" + astToString(ast);
}

// Pydantic titles every property ("Answer Id"); json-schema-to-typescript would turn each
// title into its own alias. Only the named definitions keep theirs. Keys of `properties`
// are field names (a field may be called "title"), not keywords.
function stripPropertyTitles(node, isDefinition = false) {
  if (Array.isArray(node)) return node.map((item) => stripPropertyTitles(item));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "title" && !isDefinition) continue;
    if ((key === "properties" || key === "$defs") && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, stripPropertyTitles(schema)]));
    } else {
      out[key] = stripPropertyTitles(value);
    }
  }
  return out;
}

async function eventTypes() {
  const document = parse(await readFile(ASYNCAPI, "utf8"));
  const messages = document.components.messages;
  const relayed = Object.entries(messages)
    .filter(([, message]) => message["x-relayed-to-clients"])
    .map(([name]) => name)
    .sort();
  const definitions = {};
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    definitions[name] = { ...stripPropertyTitles(schema, true), title: name };
  }
  const text = JSON.stringify(definitions).replaceAll('"#/components/schemas/', '"#/$defs/');
  const root = {
    title: "ClientEventUnion",
    description: "Every event the gateway relays to browsers (x-relayed-to-clients).",
    anyOf: relayed.map((name) => ({ $ref: `#/$defs/${name}` })),
    $defs: JSON.parse(text),
  };
  const body = await compile(root, "ClientEventUnion", {
    bannerComment: "",
    additionalProperties: false,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    format: true,
  });
  const types = relayed.map((name) => JSON.stringify(messages[name].name)).join(" | ");
  return (
    BANNER("docs/asyncapi.yaml", "npm run gen") +
    "\n" +
    body +
    `\n/** The \`type\` of every event relayed to browsers. */\nexport const CLIENT_EVENT_TYPES = [${relayed
      .map((name) => JSON.stringify(messages[name].name))
      .join(", ")}] as const;\nexport type ClientEventType = ${types};\n`
  );
}

const outputs = [
  [SCHEMA_OUT, await apiTypes()],
  [EVENTS_OUT, await eventTypes()],
];
if (process.argv.includes("--check")) {
  const stale = [];
  for (const [path, text] of outputs) {
    const current = await readFile(path, "utf8").catch(() => "");
    if (current !== text) stale.push(path);
  }
  if (stale.length) {
    console.error(`stale generated files: ${stale.join(", ")}\nrun: make web-types`);
    process.exit(1);
  }
  console.log("generated types are current");
} else {
  for (const [path, text] of outputs) await writeFile(path, text);
  console.log(`wrote ${outputs.map(([path]) => path).join(", ")}`);
}
