/**
 * Seeded web fuzzer (issue 17): hostile requests of every shape at the real app on a real
 * socket (2,000 in CI, 20,000 under `pnpm test:long`; TIKSAVER_FUZZ_SEED replays a run).
 * Holds: no 500 of the app's own (a 5xx may only carry an upstream code from core's table),
 * every error body is the JSON shape with a code, no unhandled rejection, no crash.
 */
import { ERROR_CODES } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { webPerFile } from '../helpers.js';
import { errorCodeOf, rawRequest } from './raw-http.js';
import { FUZZ_SEED, seeded, trials, type Rng } from './seeded.js';

const TOTAL = trials(2_000, 20_000);
const PARALLEL = 8;

const fx = webPerFile({ config: { resolvePerMinute: 1_000_000, mediaPerMinute: 1_000_000 } });

interface Sent {
  label: string;
  status: number;
  contentType: string;
  body: string;
}

const PATHS = ['/api/resolve', '/api/health', '/api/providers', '/api/media/', '/api/media/x/zip', '/api/', '/api', '/', '/index.html', '/assets/x.js', '/api/resolve/extra', '/%2e%2e/%2e%2e/etc/passwd', '/api/media/..%2f..%2fsecret', '/api/media/%00', '//api/health'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/JSON', 'application/jsonx', ''];

function body(rng: Rng, links: string[]): string {
  switch (rng.int(9)) {
    case 0:
      return JSON.stringify({ input: rng.pick(links) , ...(rng.chance(0.3) && { strategy: rng.pick(['all', 'hedged', 'sequential', 'bogus']) }), ...(rng.chance(0.3) && { want: rng.pick(['auto', 'video', 'audio', 'image', 'x']) }) });
    case 1:
      return JSON.stringify({ input: rng.string(80) });
    case 2:
      return JSON.stringify({ input: rng.pick(links), providers: rng.pick([[], ['native'], ['nope'], ['NATIVE'], [1], 'native', ['a'.repeat(40)]]) });
    case 3:
      return rng.string(200);
    case 4:
      return rng.pick(['null', '[]', '1', '"x"', 'true', '{"input":null}', '{"input":1}', '{"input":["x"]}', JSON.stringify({ input: 'x'.repeat(5000) }), '{"__proto__":{"input":"x"}}', '{"constructor":{"prototype":1}}']);
    case 5:
      return `{"input": "${rng.string(30)}`;
    case 6:
      return 'x'.repeat(rng.pick([0, 1, 16 * 1024, 17 * 1024]));
    case 7:
      return JSON.stringify({ input: `${rng.pick(links)} ${rng.string(40)}`, extra: rng.string(20) });
    default:
      return '';
  }
}

async function oneFetch(rng: Rng, base: string, links: string[], tokens: string[]): Promise<Sent> {
  const method = rng.pick(METHODS);
  let path = rng.pick(PATHS);
  if (path === '/api/media/') path += rng.chance(0.5) && tokens.length ? mutate(rng, rng.pick(tokens)) : rng.string(60, 'abcdefABCDEF0123456789-_.');
  if (rng.chance(0.3)) path += `?${rng.pick(['format=mp3', 'inline=1', 'format=' + rng.string(10), rng.string(30)])}`;
  const headers: Record<string, string> = {};
  if (rng.chance(0.8)) headers['content-type'] = rng.pick(TYPES);
  if (rng.chance(0.3)) headers.accept = rng.pick(['text/event-stream', 'application/json', '*/*', rng.string(20, 'abc/;=')]);
  if (rng.chance(0.2)) headers.range = rng.pick(['bytes=0-10', 'bytes=-5', 'bytes=999999999-', 'bytes=5-1', 'items=1-2', `bytes=${rng.string(10, '0123456789-,')}`]);
  if (rng.chance(0.2)) headers['x-forwarded-for'] = rng.string(40, '0123456789., abc:');
  if (rng.chance(0.1)) headers['accept-encoding'] = rng.pick(['gzip', 'br', 'identity;q=0', rng.string(10, 'abcdefgh;=, *')]);
  const hasBody = method !== 'GET' && method !== 'HEAD' && rng.chance(0.8);
  const controller = new AbortController();
  const abortAfter = rng.chance(0.05) ? rng.int(30) : undefined;
  if (abortAfter !== undefined) setTimeout(() => controller.abort(), abortAfter);
  const label = `${method} ${path}`;
  try {
    const res = await fetch(`${base}${path}`, { method, headers, ...(hasBody && { body: body(rng, links) }), signal: controller.signal, redirect: 'manual' });
    const text = method === 'HEAD' ? '' : await res.text();
    return { label, status: res.status, contentType: res.headers.get('content-type') ?? '', body: text };
  } catch (error) {
    if (abortAfter !== undefined) return { label, status: 0, contentType: '', body: '' };
    throw new Error(`${label}: ${String(error)}`);
  }
}

async function oneRaw(rng: Rng, base: string): Promise<Sent> {
  const host = new URL(base).host;
  const lines = [
    `${rng.pick(METHODS)} ${rng.pick(['*', '/api/health', 'http://x.invalid/', rng.string(20)])} HTTP/1.${rng.pick(['0', '1', '9'])}`,
    rng.chance(0.8) ? `Host: ${rng.pick([host, rng.string(20), '', '[::1]', 'a..b'])}` : '',
    rng.chance(0.2) ? `Expect: ${rng.pick(['100-continue', '200-ok', rng.string(10)])}` : '',
    rng.chance(0.1) ? `X-Big: ${'a'.repeat(rng.pick([100, 17_000, 70_000]))}` : '',
    rng.chance(0.1) ? rng.string(30) : '',
    rng.chance(0.1) ? 'Transfer-Encoding: chunked' : '',
    rng.chance(0.1) ? `Content-Length: ${rng.pick(['5', '-1', 'abc', '99999999999'])}` : '',
    'Connection: close',
  ].filter(Boolean);
  const answer = await rawRequest(base, `${lines.join('\r\n')}\r\n\r\n`);
  return { label: `raw ${lines[0]}`, status: answer.status, contentType: answer.headers['content-type'] ?? '', body: answer.body };
}

function mutate(rng: Rng, token: string): string {
  const i = rng.int(token.length);
  return rng.pick([token.slice(0, i), `${token.slice(0, i)}${rng.string(1, 'abcXYZ09')}${token.slice(i + 1)}`, `${token}${rng.string(5)}`, token]);
}

const UPSTREAM_CODES = new Set(Object.entries(ERROR_CODES).filter(([, v]) => v.httpStatus >= 500 && v.httpStatus !== 500).map(([k]) => k));

describe('seeded web fuzzer', () => {
  it(`${TOTAL} hostile requests (seed ${FUZZ_SEED}): no own 5xx, every error JSON with a code, no crash`, { timeout: TOTAL * 60 }, async () => {
    const rng = seeded(FUZZ_SEED);
    const links = fx.sandbox.scenarios.flatMap((s) => [s.link, s.shortLink]);
    const tokens: string[] = [];
    const seed = await fetch(`${fx.web.url}/api/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: fx.sandbox.scenario('photo-post').link }) });
    const seeded_ = (await seed.json()) as { result?: { items: Array<{ downloadUrl: string }> } };
    for (const item of seeded_.result?.items ?? []) tokens.push(item.downloadUrl.split('/').pop()!);

    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    try {
      const worker = async () => {
        while (sent < TOTAL) {
          sent++;
          const answer = rng.chance(0.12) ? await oneRaw(rng, fx.web.url) : await oneFetch(rng, fx.web.url, links, tokens);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status === 0) continue; // aborted by the fuzzer itself
          if (/^(raw )?HEAD /.test(answer.label)) continue; // a HEAD answer has no body, by protocol
          if (answer.status >= 400) {
            const code = errorCodeOf(answer.body);
            if (!code) problems.push(`${answer.label} -> ${answer.status} not the JSON error shape: ${answer.body.slice(0, 120)}`);
            else if (answer.status >= 500 && !UPSTREAM_CODES.has(code)) problems.push(`${answer.label} -> ${answer.status} ${code} (the app's own 5xx)`);
          }
          if (answer.status >= 500 && !answer.contentType.startsWith('application/json')) problems.push(`${answer.label} -> ${answer.status} ${answer.contentType}`);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    console.log(`fuzz seed ${FUZZ_SEED}: ${TOTAL} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(rejections.map(String)).toEqual([]);
    expect((await fetch(`${fx.web.url}/api/health`)).status).toBe(200);
  });
});
