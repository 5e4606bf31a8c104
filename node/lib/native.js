'use strict';
// The compiled binding (loaded by napi's generated loader), with the JS-side behaviour of its
// `Secret` class: it prints as `[redacted]` everywhere, including `util.inspect`.
//
// The loader looks, the napi-rs way, for `dg.<platform>.node` next to it (a build from a
// checkout: `node scripts/build.js`), else for the platform package `@dg-sdk/dg-<platform>`,
// which npm installs through this package's `optionalDependencies`. When neither is there, the
// error says which package this platform needs.

const { inspect } = require('node:util');
const { name, version } = require('../package.json');

/** napi-rs's name for this platform: `linux-x64-gnu`, `linux-arm64-musl`, `darwin-arm64`, ... */
function platformName() {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const glibc = process.report?.getReport?.().header?.glibcVersionRuntime;
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

let native;
try {
  native = require('../native.js');
} catch (cause) {
  const platform = platformName();
  const error = new Error(
    `${name}: no native binding could be loaded for this platform (${platform}, Node ${process.version}; see cause): ` +
      `install the platform package ${name}-${platform}@${version} next to ${name} ` +
      `(npm installs it as an optional dependency: check that optional dependencies are not omitted), ` +
      `or, in a checkout of the dg repository, build dg.${platform}.node: \`node node/scripts/build.js\``,
    { cause },
  );
  error.code = 'ERR_DG_NATIVE_BINDING_NOT_FOUND';
  throw error;
}

native.Secret.prototype[inspect.custom] = function inspectSecret() {
  return 'Secret [redacted]';
};

module.exports = native;
