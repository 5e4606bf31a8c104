import { createRequire } from "node:module";
const require = createRequire("/work/shared/bench/peers/node/package.json");
const { DeepgramClient } = require("@deepgram/sdk");
const base = `http://127.0.0.1:${process.argv[2]}`;
const c = new DeepgramClient({ apiKey: "K", baseUrl: base });
try { await c.manage.v1.projects.keys.create("p", { comment: "c", scopes: ["usage:read"] }); console.log("node create ok"); }
catch (e) { console.log("node create err", e.constructor.name, String(e.message).slice(0, 150)); }
console.log(await (await fetch(base + "/__stats")).text());
