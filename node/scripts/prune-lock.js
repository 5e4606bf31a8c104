#!/usr/bin/env node
'use strict';
// Run after `npm install` changes package-lock.json. The registry this project's machines
// reach serves napi-rs's platform packages (e.g. @napi-rs/wasm-tools-darwin-arm64) for this
// platform only, so npm leaves the others out of the lock but still lists them among their
// parents' optionalDependencies, and `npm ci` then rejects the lock as out of sync. This drops
// those dangling names, making the lock consistent (it installs exactly what it did before).

const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const { packages } = lock;
let dropped = 0;
for (const [where, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (!optional) continue;
  for (const name of Object.keys(optional)) {
    if (!packages[`${where}/node_modules/${name}`] && !packages[`node_modules/${name}`]) {
      delete optional[name];
      dropped++;
    }
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lock: dropped ${dropped} optional dependencies the lock does not hold`);
