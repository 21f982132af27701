/**
 * An HttpClient whose TLS ClientHello is a browser's, for the few requests that need one
 * (reference tiktok-web.md §0: TikTok answers a desktop page fetched with Node's own TLS
 * with a stub; yt-dlp gets the data only with curl_cffi impersonation). Backed by the
 * OPTIONAL dependency `impit` (Rust core, prebuilt binaries, `browser: 'chrome'`); when it
 * does not load, createBrowserTlsClient resolves to undefined and callers skip the route
 * with "not available". Same contract as the plain client: the host map (mapped hosts go
 * through the plain client: a loopback stand-in has no TLS to imitate), the proxy, the
 * plain client's cookie jar, and the body cap and timeouts all still apply.
 */
import { Readable } from 'node:stream';
import { TiksaverError } from '../errors.js';
import { statusError, transportError } from './failures.js';
import { mergeHeaders } from './headers.js';
import { buildResponse } from './response.js';
import type { HttpClient, HttpRequestOptions, HttpResponse } from './types.js';

export interface BrowserTlsOptions {
  /** Browser to imitate (impit's profiles); default 'chrome'. */
  browser?: 'chrome' | 'firefox';
  /** Proxy URL (http, https, socks5), as for the plain client. */
  proxy?: string;
  /** Overall timeout per request in ms (default 30 000). */
  timeoutMs?: number;
  /** Body cap in bytes (default 16 MiB). */
  maxResponseBytes?: number;
  /** Accept any certificate (local TLS test servers only). */
  ignoreTlsErrors?: boolean;
}

interface ImpitLike {
  fetch(url: string, init?: Record<string, unknown>): Promise<{ status: number; url: string; headers: Headers; bytes(): Promise<Uint8Array> }>;
}
type ImpitModule = { Impit: new (options: Record<string, unknown>) => ImpitLike };

let loading: Promise<ImpitModule | undefined> | undefined;

/** impit, or undefined when it is not installed or its binary does not load on this platform. */
export function loadImpit(): Promise<ImpitModule | undefined> {
  // A computed specifier: bundlers leave the optional dependency out and load it at run time.
  const name = 'impit';
  loading ??= import(name).then(
    (m: ImpitModule & { default?: ImpitModule }) => (m.Impit ? m : m.default),
    () => undefined,
  );
  return loading;
}

/** Headers of a fetch Response as the HttpResponse record (set-cookie kept as a list). */
function headerRecord(headers: Headers): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
  if (cookies.length) out['set-cookie'] = cookies;
  // impit hands back the decoded body: the encoding and length headers no longer describe it.
  delete out['content-encoding'];
  delete out['content-length'];
  return out;
}

/**
 * A browser-TLS client sharing `base`'s cookie jar and host map, or undefined when impit is
 * not available. Only what page routes need: GET/POST, redirects followed, no streaming.
 */
export async function createBrowserTlsClient(base: HttpClient, options: BrowserTlsOptions = {}): Promise<HttpClient | undefined> {
  const mod = await loadImpit();
  if (!mod) return undefined;
  const impit = new mod.Impit({
    browser: options.browser ?? 'chrome',
    followRedirects: false,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.proxy && { proxyUrl: options.proxy }),
    ...(options.ignoreTlsErrors && { ignoreTlsErrors: true }),
  });
  const maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;

  async function request(input: string | URL, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
    const url = String(input);
    if (base.isMapped(url)) return base.request(url, opts);
    const redirects: string[] = [];
    let current = url;
    for (let hop = 0; ; hop++) {
      const cookie = opts.cookies === false ? '' : await base.cookies.getCookieHeader(current);
      // impit sets the browser's own User-Agent and header order; ours (identity) go on top.
      const headers = mergeHeaders(opts.headers, cookie ? { cookie } : undefined);
      let res: Awaited<ReturnType<ImpitLike['fetch']>>;
      try {
        res = await impit.fetch(current, {
          method: opts.method ?? 'GET',
          headers,
          ...(opts.body !== undefined && { body: opts.body }),
          ...(opts.timeoutMs !== undefined && { timeout: opts.timeoutMs }),
          ...(opts.signal && { signal: opts.signal }),
        });
      } catch (error) {
        throw transportError(error, current, opts.signal);
      }
      const record = headerRecord(res.headers);
      if (opts.cookies !== false) for (const line of (record['set-cookie'] as string[] | undefined) ?? []) await base.cookies.setCookie(line, current).catch(() => {});
      const location = typeof record.location === 'string' ? record.location : undefined;
      if (res.status >= 300 && res.status < 400 && location && opts.redirect !== 'manual') {
        if (hop >= (opts.maxRedirects ?? 10)) throw new TiksaverError('UPSTREAM_CHANGED', `Too many redirects from ${new URL(url).host}`, { detail: { url } });
        redirects.push(current);
        current = new URL(location, current).href;
        continue;
      }
      const body = Buffer.from(await res.bytes());
      const ok = (res.status >= 200 && res.status < 300) || opts.okStatuses?.includes(res.status) || (opts.redirect === 'manual' && res.status >= 300 && res.status < 400);
      if (!ok) throw statusError({ url: current, status: res.status, headers: record, bodySnippet: body.subarray(0, 2048).toString('utf8') });
      return buildResponse({ url: current, status: res.status, headers: record, redirects, body: Readable.from([body]), maxBytes: opts.maxBytes ?? maxBytes });
    }
  }

  const client: HttpClient = {
    request,
    getText: async (url, opts) => (await request(url, opts)).text(),
    getJson: async (url, opts) => (await request(url, opts)).json(),
    cookies: base.cookies,
    fork: () => client,
    setPace: (origin, ms) => base.setPace(origin, ms),
    isMapped: (url) => base.isMapped(url),
  };
  return client;
}
