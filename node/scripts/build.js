#!/usr/bin/env node
'use strict';
// Builds the native binding from this checkout with the machine's cargo (for development:
// `npm run build`; the package has no install script, users install the tarballs of
// scripts/package.sh) and puts it where the generated loader (native.js) looks for it first.
// Honours CARGO_BUILD_TARGET and CARGO_TARGET_DIR with the defaults of scripts/env.sh, so it
// reuses the workspace's compiled crates.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const manifest = path.join(root, 'bindings', 'dg-node', 'Cargo.toml');
if (!fs.existsSync(manifest)) {
  console.error(`dg: ${manifest} is missing: the package builds from a checkout of the dg repository`);
  process.exit(1);
}

const cargo = process.env.CARGO || 'cargo';
const target =
  process.env.CARGO_BUILD_TARGET ||
  /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))[1].trim();
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');

// DG_CARGO_FEATURES: extra cargo features (the project's own scripts pass workspace-hack).
const features = process.env.DG_CARGO_FEATURES ? ['--features', process.env.DG_CARGO_FEATURES] : [];
execFileSync(cargo, ['build', '--release', '-p', 'dg-node', '--target', target, ...features], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CARGO_BUILD_TARGET: target, CARGO_TARGET_DIR: targetDir },
});

const library = {
  linux: 'libdg_node.so',
  darwin: 'libdg_node.dylib',
  win32: 'dg_node.dll',
}[process.platform];
if (!library) {
  console.error(`dg: no build recipe for ${process.platform}`);
  process.exit(1);
}

// The name the loader tries first for this Node: dg.<platform>-<arch>[-<abi>].node.
function suffix() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

const from = path.join(targetDir, target, 'release', library);
const to = path.join(__dirname, '..', `dg.${suffix()}.node`);
// Copy to a temporary name and rename, so a running process never loads a half-written file.
fs.copyFileSync(from, `${to}.tmp`);
fs.renameSync(`${to}.tmp`, to);
console.log(`dg: built ${path.relative(process.cwd(), to)}`);
