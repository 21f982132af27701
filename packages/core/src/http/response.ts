/**
 * Wraps an undici response body into the HttpResponse contract: transparent
 * decompression, optional rate limit, capped readers and UPSTREAM_CHANGED for bad JSON.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { TiksaverError } from '../errors.js';
import { transportError } from './failures.js';
import { drain } from './drain.js';
import { formatRate } from './media-body.js';
import type { HttpResponse } from './types.js';

export interface ResponseInit {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  redirects: string[];
  body: Readable;
  maxBytes?: number;
  limitRateBps?: number;
  /** Floor speed for a media body that did not come over the lean transport (proxied). */
  lowSpeed?: { bps: number; ms: number } | undefined;
  signal?: AbortSignal;
}

export function buildResponse(init: ResponseInit): HttpResponse {
  const { url, status, headers, redirects, maxBytes, signal } = init;
  // A body the caller never reads may still fail later (abort, reset); without a listener that
  // would crash the process. Readers (for await, pipeline) attach their own and still see it.
  init.body.on('error', () => {});
  const body = decodeBody(init.body, headers, init.limitRateBps, init.lowSpeed && { ...init.lowSpeed, url });
  if (body !== init.body) body.on('error', () => {});
  let consumed = false;
  const take = () => {
    if (consumed) throw new TiksaverError('UPSTREAM_CHANGED', `Body of ${url} was already read`);
    consumed = true;
    return body;
  };
  const bytes = async (): Promise<Uint8Array> => readCapped(take(), url, maxBytes, declaredLength(headers), signal);
  const text = async () => new TextDecoder().decode(await bytes());
  return {
    url,
    status,
    headers,
    redirects,
    body,
    header: (name) => headerValue(headers, name),
    bytes,
    text,
    async json<T>() {
      const raw = await text();
      try {
        return JSON.parse(raw) as T;
      } catch (cause) {
        throw new TiksaverError('UPSTREAM_CHANGED', `Expected JSON from ${new URL(url).host} but got ${describe(raw)}`, {
          cause,
          detail: { url, status, contentType: headerValue(headers, 'content-type') },
        });
      }
    },
    async dump() {
      if (consumed) return;
      consumed = true;
      body.on('error', () => {});
      if (body !== init.body) body.destroy();
      await drain(init.body);
    },
  };
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function declaredLength(headers: Record<string, string | string[] | undefined>): number | undefined {
  if (headerValue(headers, 'content-encoding')) return undefined;
  const value = Number(headerValue(headers, 'content-length'));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function describe(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed) return 'an empty body';
  if (trimmed.startsWith('<')) return 'an HTML page';
  return `"${trimmed.slice(0, 60).replace(/\s+/g, ' ')}${trimmed.length > 60 ? '…' : ''}"`;
}

async function readCapped(body: Readable, url: string, maxBytes: number | undefined, declared: number | undefined, signal?: AbortSignal): Promise<Uint8Array> {
  if (maxBytes !== undefined && declared !== undefined && declared > maxBytes) {
    body.on('error', () => {});
    body.destroy();
    throw tooLarge(url, maxBytes, declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (maxBytes !== undefined && size > maxBytes) {
        body.on('error', () => {});
        body.destroy();
        throw tooLarge(url, maxBytes);
      }
      chunks.push(buf);
    }
  } catch (error) {
    throw transportError(error, url, signal);
  }
  const out = Buffer.concat(chunks, size);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function tooLarge(url: string, maxBytes: number, declared?: number): TiksaverError {
  return new TiksaverError('UPSTREAM_CHANGED', `Response from ${new URL(url).host} is larger than the ${maxBytes}-byte cap${declared ? ` (${declared} bytes)` : ''}`, {
    detail: { url, reason: 'size-cap', maxBytes, ...(declared && { declared }) },
  });
}

function decodeBody(raw: Readable, headers: Record<string, string | string[] | undefined>, limitRateBps?: number, lowSpeed?: { bps: number; ms: number; url: string }): Readable {
  const stages: Transform[] = [];
  if (lowSpeed) stages.push(new LowSpeedWatch(lowSpeed.bps, lowSpeed.ms, lowSpeed.url));
  if (limitRateBps && limitRateBps > 0) stages.push(new RateLimit(limitRateBps));
  const encoding = (headerValue(headers, 'content-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') stages.push(zlib.createGunzip());
  else if (encoding === 'deflate') stages.push(zlib.createInflate());
  else if (encoding === 'br') stages.push(zlib.createBrotliDecompress());
  if (stages.length === 0) return raw;
  let stream: Readable = raw;
  for (const stage of stages) {
    stream.on('error', (err) => stage.destroy(err));
    stream = stream.pipe(stage);
  }
  // Destroying the outer stream must release the socket too.
  stream.on('close', () => {
    raw.on('error', () => {});
    raw.destroy();
  });
  return stream;
}

/** Paces chunks so the average rate stays at or under `bps` (curl --limit-rate). */
class RateLimit extends Transform {
  readonly #bps: number;
  #start = 0;
  #sent = 0;
  constructor(bps: number) {
    super();
    this.#bps = bps;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.#start === 0) this.#start = Date.now();
    this.#sent += chunk.length;
    const due = this.#start + (this.#sent / this.#bps) * 1000;
    const wait = due - Date.now();
    if (wait <= 0) return done(null, chunk);
    setTimeout(() => done(null, chunk), wait);
  }
}

/** Fails with TIMEOUT when fewer than bps arrive on average over ms (the MediaBody floor, for streams). */
class LowSpeedWatch extends Transform {
  #bytes = 0;
  #mark = { at: Date.now(), bytes: 0 };
  readonly #timer: NodeJS.Timeout;
  constructor(bps: number, ms: number, url: string) {
    super();
    this.#timer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - this.#mark.at;
      if (elapsed < ms) return;
      if (((this.#bytes - this.#mark.bytes) * 1000) / elapsed < bps) {
        this.destroy(
          new TiksaverError('TIMEOUT', `Transfer from ${new URL(url).host} stayed below ${formatRate(bps)} for ${Math.round(ms / 1000)} s`, {
            detail: { url, reason: 'low-speed', bytes: this.#bytes, limitBps: bps, timeMs: ms },
          }),
        );
        return;
      }
      this.#mark = { at: now, bytes: this.#bytes };
    }, Math.max(50, Math.min(1000, ms / 4)));
    this.#timer.unref?.();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#bytes += chunk.length;
    done(null, chunk);
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearInterval(this.#timer);
    callback(error);
  }
  override _flush(done: TransformCallback): void {
    clearInterval(this.#timer);
    done();
  }
}
