// A typed tour of the API, checked by `tsc --noEmit --strict` (npm run typecheck). Run it
// against the emulator: node --experimental-strip-types is not needed, it only type-checks.

import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  DeepgramClient,
  DeepgramError,
  AuthError,
  ConfigError,
  KeyCreatedUndecodableError,
  NetworkError,
  RateLimitError,
  TimeoutError,
  type CreatedKey,
  type FluxOptions,
  type LiveEvent,
  type LiveSession,
  type ListenOptions,
  type ListenResponse,
  type ProjectRequest,
  type Word,
} from '@dg-sdk/dg';

export async function tour(apiKey: string, projectId: string): Promise<void> {
  const client = new DeepgramClient({ apiKey, baseUrl: 'http://127.0.0.1:8080', timeoutMs: 30_000, retries: 1 });

  const options: ListenOptions = { model: 'nova-3', smartFormat: true, keyterm: ['Bueller', 'Ferris'], redact: 'pci' };
  const fromUrl: ListenResponse = await client.transcribeUrl('https://dpgr.am/spacewalk.wav', options);
  const transcript: string | undefined = fromUrl.transcript;
  const words: Word[] = fromUrl.results?.channels[0]?.alternatives[0]?.words ?? [];
  const firstSpeaker: number | undefined = words[0]?.speaker;
  console.log(transcript, firstSpeaker, fromUrl.metadata?.request_id);

  const controller = new AbortController();
  const fromStream = await client.transcribeFile(createReadStream('call.wav'), {
    ...options,
    contentType: 'audio/wav',
    signal: controller.signal,
  });
  const fromBuffer = await client.transcribeFile(new Uint8Array(16), { encoding: 'linear16', sampleRate: 16_000 });
  console.log(fromStream.results?.utterances?.length, fromBuffer.metadata?.duration);

  let key: CreatedKey;
  try {
    key = await client.keys.create(projectId, {
      comment: 'ci',
      scopes: ['usage:write'],
      expirationDate: new Date(Date.now() + 86_400_000),
    });
  } catch (e) {
    if (!(e instanceof NetworkError || e instanceof TimeoutError)) throw e;
    const mayExist: boolean = e.requestSent;
    console.log(mayExist ? 'the key may exist: look for it in keys.list' : 'the key was not created');
    return;
  }
  const secret: string = key.key.reveal();
  const keys = await client.keys.list(projectId, { status: 'active' });
  console.log(secret.length, keys.map((k) => k.api_key.comment));
  await client.keys.delete(projectId, key.api_key_id);

  // Every failed request, a page of 100 at a time (the paging is dg's core's).
  const failed: ProjectRequest[] = [];
  for await (const request of client.usage.requests(projectId, { limit: 100, status: 'failed', signal: controller.signal })) {
    failed.push(request);
  }
  console.log(failed.map((r) => `${r.request_id} ${r.code ?? ''}`));

  const token = await client.auth.grantToken({ ttlSeconds: 60 });
  const temporary = new DeepgramClient({ accessToken: token.access_token });
  const projects = await temporary.projects.list();
  console.log(projects.map((p) => p.name));

  try {
    await client.projects.list();
  } catch (e) {
    if (e instanceof RateLimitError) console.log('retry after', e.retryAfterMs);
    else if (e instanceof AuthError) console.log('bad key', e.status, e.requestId);
    else if (e instanceof DeepgramError) console.log(e.kind, e.code);
    else throw e;
  }

  // Settings are checked by the core: both credentials is a ConfigError naming the setting.
  try {
    new DeepgramClient({ apiKey, accessToken: token.access_token });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const kind: 'config' = e.kind;
    const setting: string | undefined = e.option;
    const sent: boolean = e.requestSent;
    console.log(kind, setting, sent);
  }
  try {
    await client.keys.create(projectId, { comment: 'typed', scopes: 'member' });
  } catch (e) {
    if (e instanceof KeyCreatedUndecodableError) console.log('the key exists; its raw answer is', e.rawAnswer.toString());
  }
}

export async function live(client: DeepgramClient, audio: AsyncIterable<Uint8Array>): Promise<string[]> {
  const controller = new AbortController();
  const session: LiveSession = await client.listen.live({ model: 'nova-3', interimResults: true }, { signal: controller.signal });
  const requestId: string | undefined = session.requestId;
  const sending = (async () => {
    for await (const chunk of audio) await session.send(chunk);
    await session.finalize();
    await session.close();
  })();
  const finals: string[] = [];
  for await (const event of session) {
    if (event.type === 'Results' && event.is_final) finals.push(event.channel.alternatives[0]?.transcript ?? '');
    else if (event.type === 'Metadata') console.log(requestId, event.duration);
  }
  await sending;

  const paced = await client.listen.live({ model: 'nova-3' });
  const sent: number = await paced.stream('call.wav', { speed: 1 });
  await paced.stream(createReadStream('call.wav'));
  console.log(sent);
  await paced.close();

  const options: FluxOptions = { model: 'flux-general-en', eotThreshold: 0.7, keyterm: ['Deepgram'] };
  const flux = await client.listen.flux(options);
  await flux.configure({ eotThreshold: 0.8, keyterms: ['Deepgram'] });
  const piped = pipeline(createReadStream('call.wav'), flux);
  for await (const event of flux) {
    const e: LiveEvent = event;
    if (e.type === 'TurnInfo' && e.event === 'EndOfTurn') finals.push(e.transcript);
    else if (e.type === 'ConfigureSuccess') console.log(e.thresholds?.eot_threshold);
  }
  await piped;
  return finals;
}
