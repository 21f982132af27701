/**
 * The one HTTP client (issue 4): undici dispatchers, a tough-cookie jar per client, the
 * host map, manual redirects with a recorded chain, failure mapping, retries and pacing.
 */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { CookieJar } from 'tough-cookie';
import type { Dispatcher } from 'undici';
import { TiksaverError } from '../errors.js';
import { assertPublicLiteral, assertPublicName } from './address-guard.js';
import { tiktokCookies, toSetCookie } from './cookie-file.js';
import { createDispatchers, DEFAULT_TIMEOUTS, type Dispatchers } from './dispatchers.js';
import { MediaBody, type BodyLimits } from './media-body.js';
import { requestMedia, type MediaHop } from './media-request.js';
import { statusError, transportError } from './failures.js';
import { createBrowserTlsClient } from './browser-tls.js';
import { defaultHeaders, mergeHeaders } from './headers.js';
import { matchHostMap, toHostMapEntries } from './host-map.js';
import { Pacer, paceKey, sleep } from './pace.js';
import { drain } from './drain.js';
import { buildResponse, headerValue } from './response.js';
import type { CookieAccess, HostMapEntry, HttpClient, HttpClientOptions, HttpRequestOptions, HttpResponse } from './types.js';

interface Shared {
  options: HttpClientOptions;
  hostMap: HostMapEntry[];
  dispatchers: Dispatchers;
  pacer: Pacer;
  allowHosts: Set<string>;
  /** The user's cookies.txt entries for TikTok's domains, seeded into every jar. */
  seedCookies: Array<{ cookie: string; url: string }>;
}

interface RawHop {
  url: URL;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRYABLE = new Set(['NETWORK', 'TIMEOUT', 'RATE_LIMITED']);

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const shared: Shared = {
    options,
    hostMap: toHostMapEntries(options.hostMap),
    dispatchers: createDispatchers(options),
    pacer: new Pacer(options.paceGate),
    allowHosts: new Set((options.allowOrigins ?? []).map((o) => paceKey(o.includes('://') ? o : `http://${o}`))),
    // Filtered here, whoever passed them: file cookies only ever go to TikTok's own hosts.
    seedCookies: tiktokCookies(options.cookies ?? []).kept.map(toSetCookie),
  };
  return makeClient(shared, mergeHeaders(defaultHeaders(options.userAgent), options.headers));
}

function makeClient(shared: Shared, clientHeaders: Record<string, string>): HttpClient {
  // The jar (tough-cookie and its public-suffix list, ~250 kB of source to compile) is made
  // on the first cookie stored or seeded: until then it could only answer '', and a CLI run
  // whose answers set no cookie (a cobalt tunnel) never needs it.
  let jar: Promise<CookieJar> | undefined;
  const openJar = () =>
    (jar ??= import('tough-cookie').then(({ CookieJar }) => {
      const made = new CookieJar();
      // Each fork (one per resolution attempt) starts from the user's cookies, scoped by the
      // jar to the domains they name; the page's own cookies are added on top as usual.
      for (const seed of shared.seedCookies) made.setCookieSync(seed.cookie, seed.url, { ignoreError: true });
      return made;
    }));
  const cookieString = async (url: string): Promise<string> => (jar || shared.seedCookies.length > 0 ? (await openJar()).getCookieString(url) : '');
  const storeCookie = async (cookie: string, url: string): Promise<void> => {
    await (await openJar()).setCookie(cookie, url, { ignoreError: true });
  };
  const storeCookies = async (setCookie: string | string[] | undefined, url: string): Promise<void> => {
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) await storeCookie(c, url);
  };
  const cookies: CookieAccess = {
    getCookieHeader: (url) => cookieString(String(url)),
    setCookie: (cookie, url) => storeCookie(cookie, String(url)),
  };

  async function hop(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, opts: HttpRequestOptions): Promise<RawHop> {
    const mapped = matchHostMap(shared.hostMap, url.hostname);
    const exempt = mapped !== undefined || shared.allowHosts.has(url.hostname.toLowerCase());
    if (shared.options.addressGuard && !exempt) {
      assertPublicLiteral(url.hostname);
      if (shared.dispatchers.proxied) await assertPublicName(url.hostname).catch((e) => Promise.reject(transportError(e, url.href)));
    }
    const sendHeaders = { ...headers };
    if (opts.cookies !== false) {
      const fromJar = await cookieString(url.href);
      if (fromJar) sendHeaders.cookie = sendHeaders.cookie ? `${sendHeaders.cookie}; ${fromJar}` : fromJar;
    }
    if (mapped) sendHeaders.host = url.host;
    const lean = (opts.media ? method === 'GET' : shared.options.transport === 'lean') && (exempt || !shared.dispatchers.proxied);
    if (lean) {
      // Media bodies (and every request of a client made with transport: 'lean') skip undici
      // unless a proxy is in the way: undici does http, https and socks5 proxies.
      let hop: MediaHop;
      try {
        hop = await shared.pacer.run(
          url.hostname,
          () =>
            requestMedia({
              method,
              ...(body !== undefined && { body }),
              url,
              connectTo: mapped ? new URL(mapped.origin) : url,
              headers: sendHeaders,
              guard: Boolean(shared.options.addressGuard) && !exempt,
              ...(opts.signal && { signal: opts.signal }),
              connectTimeoutMs: shared.options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs,
              headersTimeoutMs: opts.timeoutMs ?? shared.options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs,
              limits: opts.media ? mediaLimits(shared.options, opts.timeoutMs) : { idleTimeoutMs: opts.timeoutMs ?? shared.options.bodyTimeoutMs ?? DEFAULT_TIMEOUTS.bodyTimeoutMs },
            }),
          opts.signal,
        );
      } catch (error) {
        throw transportError(error, url.href, opts.signal);
      }
      if (opts.cookies !== false) await storeCookies(hop.headers['set-cookie'], url.href);
      return { url, status: hop.status, headers: hop.headers, body: hop.body };
    }
    const dispatcher: Dispatcher = await (exempt ? shared.dispatchers.direct() : shared.dispatchers.main());
    const timeout = opts.timeoutMs;
    const run = () =>
      dispatcher.request({
        origin: mapped ? mapped.origin : url.origin,
        path: url.pathname + url.search,
        method: method as Dispatcher.HttpMethod,
        headers: sendHeaders,
        body: body ?? null,
        signal: opts.signal ?? null,
        ...(timeout !== undefined && { headersTimeout: timeout, bodyTimeout: timeout }),
      });
    let res: Dispatcher.ResponseData;
    try {
      res = await shared.pacer.run(url.hostname, run, opts.signal);
    } catch (error) {
      throw transportError(error, url.href, opts.signal);
    }
    if (opts.cookies !== false) await storeCookies(res.headers['set-cookie'], url.href);
    return { url, status: res.statusCode, headers: res.headers, body: res.body };
  }

  async function once(input: URL, opts: HttpRequestOptions): Promise<HttpResponse> {
    let method = opts.method ?? (opts.body !== undefined || opts.json !== undefined || opts.form !== undefined ? 'POST' : 'GET');
    let { body, headers } = encodeBody(opts);
    headers = mergeHeaders(clientHeaders, headers, opts.headers);
    const follow = (opts.redirect ?? 'follow') === 'follow';
    const maxRedirects = opts.maxRedirects ?? shared.options.maxRedirects ?? 10;
    const redirects: string[] = [];
    const seen = new Set<string>();
    let url = input;
    for (;;) {
      const res = await hop(url, method, headers, body, opts);
      const location = headerValue(res.headers, 'location');
      if (follow && REDIRECTS.has(res.status) && location) {
        await drain(res.body);
        const next = resolveLocation(location, url);
        redirects.push(url.href);
        // A redirect back to a URL with the same cookies can only repeat itself; sites that
        // set a cookie and redirect to the same URL (WAF checks) get a different key.
        const key = `${method} ${url.href} ${await cookieString(url.href)}`;
        if (seen.has(key)) throw redirectError('redirect loop', redirects, next.href);
        seen.add(key);
        if (redirects.length > maxRedirects) throw redirectError(`more than ${maxRedirects} redirects`, redirects, next.href);
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
          headers = mergeHeaders(headers, { 'content-type': '', 'content-length': '' });
        }
        if (next.origin !== url.origin) headers = mergeHeaders(headers, { authorization: '' });
        if (site(next.hostname) !== site(url.hostname)) headers = mergeHeaders(headers, { cookie: '' });
        url = next;
        continue;
      }
      const okStatus = (res.status >= 200 && res.status < 300) || opts.okStatuses?.includes(res.status) || (!follow && res.status >= 300 && res.status < 400);
      if (!okStatus) {
        const snippet = method === 'HEAD' ? '' : await readSnippet(res.body, headerValue(res.headers, 'content-encoding'));
        throw statusError({ url: url.href, status: res.status, headers: res.headers, bodySnippet: snippet });
      }
      if (opts.expectContentType?.length) {
        const type = (headerValue(res.headers, 'content-type') ?? '').toLowerCase();
        if (!opts.expectContentType.some((t) => type.includes(t.toLowerCase()))) {
          await drain(res.body);
          throw new TiksaverError('UPSTREAM_CHANGED', `Expected ${opts.expectContentType.join(' or ')} from ${url.host} but got ${type || 'no content-type'}`, {
            detail: { url: url.href, status: res.status, contentType: type, reason: 'content-type' },
          });
        }
      }
      return buildResponse({
        url: url.href,
        status: res.status,
        headers: res.headers,
        redirects,
        body: res.body,
        ...((opts.maxBytes ?? shared.options.maxResponseBytes) !== undefined && { maxBytes: opts.maxBytes ?? shared.options.maxResponseBytes }),
        // The lean transport paces and watches its own socket (MediaBody).
        ...(!(opts.media && res.body instanceof MediaBody) && shared.options.limitRateBps && { limitRateBps: shared.options.limitRateBps }),
        ...(opts.media && !(res.body instanceof MediaBody) && { lowSpeed: mediaLimits(shared.options, opts.timeoutMs).lowSpeed }),
        ...(opts.signal && { signal: opts.signal }),
      });
    }
  }

  async function request(input: string | URL, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
    const url = parseUrl(input);
    const method = opts.method ?? 'GET';
    const retries = IDEMPOTENT.has(method) && opts.json === undefined && opts.form === undefined && opts.body === undefined ? (opts.retries ?? shared.options.retries ?? 0) : 0;
    const maxWait = shared.options.maxRetryAfterMs ?? 30_000;
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(url, opts);
      } catch (error) {
        const err = transportError(error, url.href, opts.signal);
        if (attempt >= retries || !RETRYABLE.has(err.code) || opts.signal?.aborted) throw err;
        if (err.retryAfterMs !== undefined && err.retryAfterMs > maxWait) throw err;
        await sleep(err.retryAfterMs ?? backoff(attempt), opts.signal);
      }
    }
  }

  const client: HttpClient = {
    request,
    async getText(url, opts) {
      return (await request(url, opts)).text();
    },
    async getJson<T>(url: string | URL, opts: HttpRequestOptions = {}) {
      const res = await request(url, { ...opts, headers: mergeHeaders({ accept: 'application/json, text/plain, */*' }, opts.headers) });
      return res.json<T>();
    },
    cookies,
    fork(forkOptions) {
      return makeClient(shared, mergeHeaders(clientHeaders, forkOptions?.headers));
    },
    setPace(origin, intervalMs) {
      shared.pacer.set(origin, intervalMs);
    },
    isMapped(url) {
      return matchHostMap(shared.hostMap, parseUrl(url).hostname) !== undefined;
    },
    browserTls() {
      const env = shared.options.env ?? {};
      const proxy = shared.options.proxy ?? env.HTTPS_PROXY ?? env.https_proxy ?? undefined;
      return (browserTls ??= createBrowserTlsClient(client, {
        ...(proxy && { proxy }),
        ...(shared.options.maxResponseBytes !== undefined && { maxResponseBytes: shared.options.maxResponseBytes }),
        ...(shared.options.headersTimeoutMs !== undefined && { timeoutMs: shared.options.headersTimeoutMs + (shared.options.bodyTimeoutMs ?? 30_000) }),
      }));
    },
    close: () => shared.dispatchers.close(),
  };
  let browserTls: Promise<HttpClient | undefined> | undefined;
  return client;
}

function encodeBody(opts: HttpRequestOptions): { body: string | Uint8Array | undefined; headers: Record<string, string> } {
  if (opts.json !== undefined) return { body: JSON.stringify(opts.json), headers: { 'content-type': 'application/json' } };
  if (opts.form !== undefined) return { body: new URLSearchParams(opts.form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  return { body: opts.body, headers: {} };
}

function parseUrl(input: string | URL): URL {
  try {
    const url = new URL(String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url;
  } catch {
    throw new TiksaverError('INVALID_INPUT', `Not an http(s) URL: ${String(input).slice(0, 200)}`);
  }
}

function resolveLocation(location: string, base: URL): URL {
  try {
    const next = new URL(location, base);
    if (next.protocol === 'http:' || next.protocol === 'https:') return next;
  } catch {
    // fall through
  }
  throw new TiksaverError('UPSTREAM_CHANGED', `Redirect from ${base.host} to an unusable location "${location.slice(0, 200)}"`, {
    detail: { url: base.href, location },
  });
}

function redirectError(what: string, chain: string[], next: string): TiksaverError {
  return new TiksaverError('UPSTREAM_CHANGED', `Stopped after ${what} (${chain[0]} -> … -> ${next})`, {
    detail: { reason: what.startsWith('redirect loop') ? 'redirect-loop' : 'too-many-redirects', redirects: [...chain, next] },
  });
}

/** Registrable-ish site: the last two labels (enough to keep explicit cookies in-family). */
function site(hostname: string): string {
  return hostname.toLowerCase().split('.').slice(-2).join('.');
}

function backoff(attempt: number): number {
  const base = Math.min(8_000, 400 * 2 ** attempt);
  return Math.round(base * (0.5 + Math.random()));
}


async function readSnippet(body: Readable, encoding: string | undefined, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = Buffer.from(chunk as Uint8Array);
      chunks.push(buf);
      size += buf.length;
      if (size >= limit) break;
    }
  } catch {
    // The status is what matters; a broken error body is not worth a different error.
  } finally {
    body.on('error', () => {});
    body.destroy();
  }
  const raw = Buffer.concat(chunks);
  // Error pages come compressed like any other; a partial stream still inflates with SYNC_FLUSH.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    const enc = (encoding ?? '').toLowerCase();
    if (enc.includes('gzip')) return zlib.gunzipSync(raw, flush).toString('utf8');
    if (enc === 'deflate') return zlib.inflateSync(raw, flush).toString('utf8');
    if (enc === 'br') return zlib.brotliDecompressSync(raw, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }).toString('utf8');
  } catch {
    return '';
  }
  return raw.toString('utf8');
}

/** The floor speed (default 1 KiB/s over 30 s, curl-like) and rate limit of media bodies. */
export function mediaLimits(options: HttpClientOptions, timeoutMs?: number): BodyLimits {
  const bps = options.lowSpeedLimitBps ?? 1024;
  const ms = options.lowSpeedTimeMs ?? 30_000;
  const rate = options.limitRateBps;
  // A --limit-rate under the floor would trip it by design: keep the floor below the cap.
  const floor = rate && rate > 0 ? Math.min(bps, rate / 2) : bps;
  return {
    ...(rate && rate > 0 && { limitRateBps: rate }),
    idleTimeoutMs: timeoutMs ?? options.bodyTimeoutMs ?? DEFAULT_TIMEOUTS.bodyTimeoutMs,
    ...(floor > 0 && ms > 0 && { lowSpeed: { bps: floor, ms } }),
  };
}
