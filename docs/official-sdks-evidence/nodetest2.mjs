import { createRequire } from "node:module";
import { createReadStream } from "node:fs";
const require = createRequire("/work/shared/bench/peers/node/package.json");
const { DeepgramClient } = require("@deepgram/sdk");
const base = `http://127.0.0.1:${process.argv[2]}`;
const c = new DeepgramClient({ apiKey: "CANARYKEY123", baseUrl: base });
const r = await c.listen.v1.media.transcribeUrl({ url: "https://x/a.wav", model: "nova-3" });
console.log("unknown field kept:", r.brand_new_field, "ctor:", r.constructor.name);
try { await c.listen.v1.media.transcribeUrl({ url: "https://x/a.wav" }); } catch (e) { console.log("err class:", e.constructor.name, "| message:", JSON.stringify(e.message).slice(0, 200)); }
