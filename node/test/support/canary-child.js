'use strict';
// Run by secrets.test.js in a child process: uses dg every way a program does, with the API key
// from DEEPGRAM_API_KEY (a canary), and prints everything it can about what it touched.
//   node canary-child.js BASE_URL PROJECT_ID REVEALED_FILE
// Every rendering goes to stdout and stderr (console.log, console.error, console.dir,
// console.trace, process warnings), and the secrets it revealed on purpose to REVEALED_FILE, one
// a line. It ends with a rejection nobody handles, which Node prints before exiting with 1.

const fs = require('node:fs');
const { inspect } = require('node:util');

const { DeepgramClient } = require('../..');
const { BUELLER_URL } = require('./audio.js');

/** Every way a value is commonly printed or logged. */
function show(...values) {
  for (const value of values) {
    console.log(inspect(value, { depth: Infinity, showHidden: true, getters: true }));
    console.log(String(value), JSON.stringify(value));
    console.dir(value, { depth: null });
    if (value instanceof Error) {
      console.error(value);
      console.error(value.stack, JSON.stringify(value, Object.getOwnPropertyNames(value)));
      process.emitWarning(value);
    }
  }
}

/** The error `call` rejects (or throws) with, shown every way. */
async function fails(call) {
  try {
    await call();
  } catch (error) {
    show(error);
    console.trace('the call failed:', error.message);
    return error;
  }
  throw new Error('the call did not fail');
}

async function main() {
  const [baseUrl, projectId, revealedFile] = process.argv.slice(2);
  const revealed = [];
  try {
    const options = { baseUrl, retries: 0 };
    const client = new DeepgramClient(options);
    show(client, options, client.keys, client.projects, client.auth);
    show(await client.transcribeUrl(BUELLER_URL, { model: 'nova-3', smartFormat: true }));
    show(await client.projects.list());
    const created = await client.keys.create(projectId, { comment: 'canary', scopes: ['member'] });
    revealed.push(created.key.reveal());
    show(created, created.key, { ...created }, await client.keys.list(projectId), await client.keys.get(projectId, created.api_key_id));
    const granted = await client.auth.grantToken({ ttlSeconds: 60 });
    revealed.push(granted.access_token.reveal());
    show(granted, granted.access_token);
    // The created key and the token, used as credentials.
    const member = new DeepgramClient({ apiKey: created.key, baseUrl });
    show(member, await member.projects.list());
    const bearer = new DeepgramClient({ accessToken: granted.access_token.reveal(), baseUrl });
    show(bearer, await bearer.transcribeUrl(BUELLER_URL));
    // A wrong key (the canary with a suffix): 401.
    const wrong = new DeepgramClient({ apiKey: `${process.env.DEEPGRAM_API_KEY}-wrong`, baseUrl, retries: 0 });
    show(wrong);
    await fails(() => wrong.transcribeUrl(BUELLER_URL));
    await fails(() => wrong.keys.list(projectId));
    // Bad options: typed errors before anything is sent.
    await fails(() => client.transcribeUrl(BUELLER_URL, { encoding: 'linear16' }));
    await fails(() => client.keys.create(projectId, { comment: '', scopes: [] }));
    await fails(() => new DeepgramClient({ baseUrl: 'http://example.com' }));
    await fails(() => new DeepgramClient({ apiKey: `${process.env.DEEPGRAM_API_KEY}\n`, baseUrl, retries: -1 }));
    // Nothing listens on port 9: network errors.
    const unreachable = new DeepgramClient({ baseUrl: 'http://127.0.0.1:9', retries: 0 });
    await fails(() => unreachable.projects.list());
    await fails(() => unreachable.keys.create(projectId, { comment: 'never', scopes: ['member'] }));
  } finally {
    fs.writeFileSync(revealedFile, revealed.join('\n'));
  }
  // Last, a rejection nobody handles: Node prints it and exits with 1.
  new DeepgramClient({ apiKey: `${process.env.DEEPGRAM_API_KEY}-wrong`, baseUrl, retries: 0 }).projects.list();
}

main().catch((e) => {
  console.error('canary-child failed:', e);
  process.exit(2);
});
