'use strict';
// Run in a child process by large-upload.test.js so its peak RSS is this upload's alone:
//   node upload-child.js file|stream BASE_URL KEY PATH_OR_BYTES
// Prints {"maxRssBytes", "duration"}.

const { DeepgramClient } = require('../..');
const { silence } = require('./audio.js');

async function main() {
  const [mode, baseUrl, apiKey, what] = process.argv.slice(2);
  const client = new DeepgramClient({ apiKey, baseUrl });
  const source = mode === 'file' ? what : silence(Number(what));
  const answer = await client.transcribeFile(source, { model: 'nova-3' });
  // resourceUsage().maxRSS is in KiB.
  console.log(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, duration: answer.metadata.duration }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
