/**
 * TikTok's WAF "Please wait..." proof-of-work (reference tiktok-web.md §2 "Anti-bot / WAF
 * JS challenge", after yt-dlp `_solve_challenge_and_set_cookies` and gallery-dl
 * `_solve_challenge`): `#cs`'s class is base64 JSON `c`; find i ≤ 1e6 with
 * sha256(b64d(c.v.a) + String(i)) == b64d(c.v.c); the cookie named by `#wci` gets
 * b64(JSON(c with d = b64(String(i)))); optionally `#rci` = `#rs`. Both on `.tiktok.com`.
 *
 * The search is bounded (1e6 hashes, ~0.5 s). The first few thousand run inline (a cheap
 * puzzle costs well under a millisecond); the rest run in a worker thread so a hard puzzle
 * never blocks the event loop, and the worker is terminated on abort.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { TiksaverError } from '@tiksaver/core';
import { loadHtml } from '../shared/html.js';

export const WAF_MAX_ITERATIONS = 1_000_000;
const INLINE_ITERATIONS = 2_000;

export interface WafChallenge {
  /** The decoded challenge object; `d` is added when solved. */
  data: Record<string, unknown>;
  base: Buffer;
  expected: Buffer;
  cookieName: string;
  /** Optional second cookie (`#rci` name, `#rs` value). */
  extraCookie?: { name: string; value: string };
}

function b64decode(text: string): Buffer {
  // The page drops base64 padding; Buffer tolerates its absence, and both alphabets.
  return Buffer.from(text, 'base64');
}

/** class attribute of the element with this id, via cheerio (the challenge page is tiny). */
async function classesById(html: string, ids: string[]): Promise<Record<string, string | undefined>> {
  const $ = await loadHtml(html);
  return Object.fromEntries(ids.map((id) => [id, $(`#${id}`).attr('class')?.trim() || undefined]));
}

function invalid(message: string, cause?: unknown): TiksaverError {
  return new TiksaverError('UPSTREAM_CHANGED', `TikTok's bot challenge has an unknown shape: ${message}`, {
    ...(cause !== undefined && { cause }),
    detail: { waf: true },
  });
}

export async function parseWafChallenge(html: string): Promise<WafChallenge> {
  const attrs = await classesById(html, ['cs', 'wci', 'rci', 'rs']);
  if (!attrs.cs) throw invalid('no #cs puzzle');
  if (!attrs.wci) throw invalid('no #wci cookie name');
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(b64decode(attrs.cs).toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw invalid('#cs is not base64 JSON', cause);
  }
  const v = data?.v as Record<string, unknown> | undefined;
  if (!v || typeof v.a !== 'string' || typeof v.c !== 'string') throw invalid('missing v.a / v.c');
  return {
    data,
    base: b64decode(v.a),
    expected: b64decode(v.c),
    cookieName: attrs.wci,
    ...(attrs.rci && attrs.rs && { extraCookie: { name: attrs.rci, value: attrs.rs } }),
  };
}

/** Checks i in [from, to); returns the answer or -1. Shared by the inline path and the worker. */
function search(base: Buffer, expected: Buffer, from: number, to: number): number {
  const prefix = createHash('sha256').update(base);
  for (let i = from; i < to; i++) {
    if (prefix.copy().update(String(i)).digest().equals(expected)) return i;
  }
  return -1;
}

// CommonJS source for an eval worker: no separate file to locate from src/ or dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { base, expected, from, to } = workerData;
const b = Buffer.from(base), e = Buffer.from(expected);
const prefix = createHash('sha256').update(b);
let found = -1;
for (let i = from; i < to; i++) {
  if (prefix.copy().update(String(i)).digest().equals(e)) { found = i; break; }
}
parentPort.postMessage(found);
`;

function searchInWorker(base: Buffer, expected: Buffer, from: number, to: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TiksaverError('CANCELLED', 'Cancelled while solving the bot challenge'));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { base: new Uint8Array(base), expected: new Uint8Array(expected), from, to },
    });
    const onAbort = () => {
      void worker.terminate();
      reject(new TiksaverError('CANCELLED', 'Cancelled while solving the bot challenge'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    worker.once('message', (found: number) => {
      done();
      void worker.terminate();
      resolve(found);
    });
    worker.once('error', (error) => {
      done();
      reject(new TiksaverError('UPSTREAM_CHANGED', 'Solving the bot challenge failed', { cause: error }));
    });
  });
}

/** Finds the answer, or throws BLOCKED when none exists within the bound. */
export async function solveWafChallenge(challenge: WafChallenge, options: { signal?: AbortSignal } = {}): Promise<number> {
  let found = search(challenge.base, challenge.expected, 0, INLINE_ITERATIONS);
  if (found < 0) {
    found = await searchInWorker(challenge.base, challenge.expected, INLINE_ITERATIONS, WAF_MAX_ITERATIONS + 1, options.signal);
  }
  if (found < 0) {
    throw new TiksaverError('BLOCKED', `TikTok's bot challenge has no answer within ${WAF_MAX_ITERATIONS} tries`, {
      detail: { waf: true },
    });
  }
  return found;
}

/** Cookie strings (Set-Cookie syntax) that answer the challenge. */
export function wafCookies(challenge: WafChallenge, answer: number, host: string): string[] {
  const solved = { ...challenge.data, d: Buffer.from(String(answer)).toString('base64') };
  const value = Buffer.from(JSON.stringify(solved)).toString('base64');
  // TikTok scopes these to .tiktok.com; for a non-TikTok base URL keep them host-only.
  const scope = host === 'tiktok.com' || host.endsWith('.tiktok.com') ? '; Domain=.tiktok.com' : '';
  const cookies = [`${challenge.cookieName}=${value}; Path=/${scope}`];
  if (challenge.extraCookie) cookies.push(`${challenge.extraCookie.name}=${challenge.extraCookie.value}; Path=/${scope}`);
  return cookies;
}
