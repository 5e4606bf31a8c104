import { createRequire } from "node:module";
import util from "node:util";
import { createReadStream } from "node:fs";
const require = createRequire("/work/shared/bench/peers/node/package.json");
const { DeepgramClient } = require("@deepgram/sdk");
const base = `http://127.0.0.1:${process.argv[2]}`;
const c = new DeepgramClient({ apiKey: "CANARYKEY123", baseUrl: base });
const shown = util.inspect(c, { depth: 6 });
console.log("inspect(client) contains key:", shown.includes("CANARYKEY123"));
const m = shown.match(/.{0,40}CANARYKEY123.{0,10}/); if (m) console.log("  e.g.", m[0]);
console.log("JSON.stringify(client) contains key:", (() => { try { return JSON.stringify(c).includes("CANARYKEY123"); } catch (e) { return "throws " + e.message; } })());
try {
  const k = await c.manage.v1.projects.keys.create("p", { comment: "c", scopes: ["usage:read"] });
  console.log("create ok; inspect(created) shows secret:", util.inspect(k).includes("SECRETKEY0123456789"));
} catch (e) { console.log("create err", e.constructor.name, String(e.message).slice(0, 200)); }
try {
  const r = await c.listen.v1.media.transcribeFile(createReadStream("a.raw"), { model: "nova-3" });
  console.log("stream upload ok; extra preserved:", r.brand_new_field);
} catch (e) { console.log("stream err", e.constructor.name, String(e.message).slice(0, 300)); }
for (const opts of [{ modle: "nova-3" }, { model: "nova-2", keyterm: ["x"] }]) {
  try { await c.listen.v1.media.transcribeUrl({ url: "https://x/a.wav", ...opts }); console.log("sent:", JSON.stringify(opts)); }
  catch (e) { console.log("rejected:", JSON.stringify(opts), e.constructor.name, String(e.message).slice(0, 100)); }
}
console.log(await (await fetch(base + "/__stats")).text());
