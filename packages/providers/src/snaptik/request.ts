/**
 * The HTTP steps of both SnapTik flows (services.md §1a current, §1b legacy). Every call
 * carries the caller's AbortSignal and the site's XHR headers.
 */
import * as z from 'zod';
import { TiksaverError, type HttpClient, type HttpRequestOptions, type HttpResponse } from '@tiksaver/core';
import { loadHtml } from '../shared/html.js';
import { buildXVerify } from './challenge.js';
import { HANDLED_STATUSES, PROVIDER_ID, statusFailure } from './errors.js';
import { HdResponse, schemaFailure } from './parse.js';

export interface SnaptikSession {
  http: HttpClient;
  baseUrl: string;
  signal: AbortSignal;
  salt: string;
  lang: string;
  timeoutMs?: number;
}

/** JSON answers and pages are small; a huge body is not SnapTik (UPSTREAM_CHANGED from the client). */
const MAX_BYTES = 2 * 1024 * 1024;

const Token = z.object({ id: z.union([z.string(), z.number()]).transform(String), p: z.string() });

function xhrHeaders(s: SnaptikSession): Record<string, string> {
  return {
    'X-Requested-With': 'XMLHttpRequest',
    Origin: s.baseUrl,
    Referer: `${s.baseUrl}/`,
    Accept: 'application/json, text/plain, */*',
  };
}

async function call(s: SnaptikSession, url: string, options: HttpRequestOptions): Promise<HttpResponse> {
  return s.http.request(url, {
    ...options,
    signal: s.signal,
    okStatuses: HANDLED_STATUSES,
    maxBytes: MAX_BYTES,
    ...(s.timeoutMs !== undefined && { timeoutMs: s.timeoutMs }),
  });
}

async function readJson(res: HttpResponse, where: string): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new TiksaverError('UPSTREAM_CHANGED', `SnapTik ${where} did not answer JSON`, {
      provider: PROVIDER_ID,
      cause,
      detail: { path: where, status: res.status, sample: text.slice(0, 120) },
    });
  }
}

/** Thrown by fetchVerifyHeader when the site has no `/api/token` (a legacy clone). */
export class NoTokenEndpoint extends Error {}

/** A fresh token + solved challenge; needed before every API call (§1a step 5). */
export async function fetchVerifyHeader(s: SnaptikSession): Promise<string> {
  const res = await call(s, `${s.baseUrl}/api/token`, {
    method: 'POST',
    json: {},
    headers: xhrHeaders(s),
  });
  if (res.status === 404 && res.redirects.length === 0) {
    await res.dump();
    throw new NoTokenEndpoint('SnapTik has no /api/token (legacy site)');
  }
  if (res.status >= 300) throw await statusFailure(res, 'api/token');
  const token = Token.safeParse(await readJson(res, 'api/token'));
  if (!token.success) throw schemaFailure(token.error, 'token');
  return buildXVerify(token.data, s.salt);
}

export async function fetchExtract(s: SnaptikSession, tiktokUrl: string): Promise<unknown> {
  const verify = await fetchVerifyHeader(s);
  const res = await call(s, `${s.baseUrl}/api/extract?url=${encodeURIComponent(tiktokUrl)}`, {
    headers: { ...xhrHeaders(s), 'X-Verify': verify },
  });
  // A failed extract may still carry `{ success:false, message }` with a 4xx status.
  if (res.status >= 300 && res.status !== 400 && res.status !== 404) throw await statusFailure(res, 'api/extract');
  return readJson(res, 'api/extract');
}

/** The HD endpoint needs its own fresh X-Verify and answers `{ url, error? }`. */
export async function fetchHdUrl(s: SnaptikSession, endpoint: string): Promise<string> {
  const verify = await fetchVerifyHeader(s);
  const res = await call(s, endpoint, { headers: { ...xhrHeaders(s), 'X-Verify': verify } });
  if (res.status >= 300) throw await statusFailure(res, 'hd');
  const parsed = HdResponse.safeParse(await readJson(res, 'hd'));
  if (!parsed.success) throw schemaFailure(parsed.error, 'hd');
  if (!parsed.data.url) {
    throw new TiksaverError('UPSTREAM_CHANGED', `SnapTik HD link failed: ${parsed.data.error ?? 'no url'}`, {
      provider: PROVIDER_ID,
      detail: { path: 'hd.url' },
    });
  }
  return new URL(parsed.data.url, `${s.baseUrl}/`).href;
}

/** Content-Length via HEAD, for the "swap if HD is smaller" rule; undefined when unknown. */
export async function fetchSize(s: SnaptikSession, url: string): Promise<number | undefined> {
  try {
    const res = await call(s, url, { method: 'HEAD', headers: { Referer: `${s.baseUrl}/` } });
    await res.dump();
    const length = Number(res.header('content-length'));
    return res.status < 300 && Number.isFinite(length) && length > 0 ? length : undefined;
  } catch (error) {
    if (s.signal.aborted) throw error;
    return undefined;
  }
}

/** Legacy step 1: the home page's `<input name="token">`; the cookie jar keeps its cookies. */
export async function fetchLegacyToken(s: SnaptikSession): Promise<string> {
  const res = await call(s, `${s.baseUrl}/${s.lang}`, { headers: { Accept: 'text/html,application/xhtml+xml' } });
  if (res.status >= 300) throw await statusFailure(res, 'home');
  const html = await res.text();
  const token = (await loadHtml(html))('input[name="token"]').attr('value') ?? /name="token"\s+value="([^"]+)"/.exec(html)?.[1];
  if (!token) {
    if (/captcha|cf-challenge|just a moment/i.test(html)) {
      throw new TiksaverError('BLOCKED', 'SnapTik answered with a bot challenge page', { provider: PROVIDER_ID });
    }
    throw new TiksaverError('UPSTREAM_CHANGED', 'SnapTik home page has no token input', {
      provider: PROVIDER_ID,
      detail: { path: 'home input[name="token"]' },
    });
  }
  return token;
}

/** Legacy step 2: the packed script from `abc2.php`. */
export async function postLegacyForm(s: SnaptikSession, tiktokUrl: string, token: string): Promise<string> {
  const res = await call(s, `${s.baseUrl}/abc2.php`, {
    method: 'POST',
    form: { url: tiktokUrl, lang: s.lang, token },
    headers: { ...xhrHeaders(s), Referer: `${s.baseUrl}/${s.lang}`, Accept: '*/*' },
  });
  if (res.status >= 300) throw await statusFailure(res, 'abc2.php');
  return res.text();
}
