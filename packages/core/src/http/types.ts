/**
 * The contract of the one HTTP client every provider and app uses (implemented in
 * ./client.ts). Providers code against these types only.
 */
import type { Readable } from 'node:stream';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';

export interface HttpRequestOptions {
  method?: HttpMethod;
  /** Merged over the client's browser-like defaults; a value of '' removes a default. */
  headers?: Record<string, string>;
  /** Raw body. */
  body?: string | Uint8Array;
  /** JSON body; sets Content-Type: application/json. */
  json?: unknown;
  /** Form body; sets Content-Type: application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** 'follow' (default) follows up to maxRedirects; 'manual' returns the 3xx response as is. */
  redirect?: 'follow' | 'manual';
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Overrides the client's timeouts for this request. */
  timeoutMs?: number;
  /** Response body cap in bytes for text()/json()/bytes(); larger bodies fail with UPSTREAM_CHANGED. */
  maxBytes?: number;
  /** Retries for idempotent requests (GET/HEAD) on NETWORK/TIMEOUT/RATE_LIMITED/5xx. */
  retries?: number;
  /**
   * Status codes the caller handles itself. By default non-2xx statuses (and 3xx with
   * redirect:'manual' excluded) throw a mapped TiksaverError; listed ones are returned.
   */
  okStatuses?: number[];
  /** If set, the response content-type must include one of these, else UPSTREAM_CHANGED. */
  expectContentType?: string[];
  /** Use (read and store) the cookie jar. Default true. */
  cookies?: boolean;
  /**
   * A media body (video, image, sound): read over the lean transport (./media-request.ts,
   * fixed buffers, no WebAssembly parser) unless a proxy applies, never decoded, with the
   * client's floor speed and rate limit on the socket. Consume it with pipeMediaBody().
   */
  media?: boolean;
}

export interface HttpResponse {
  /** Final URL in original (unmapped) form. */
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every URL visited before `url`, in order (original form). */
  redirects: string[];
  /** Convenience: single header value (first if repeated), case-insensitive name. */
  header(name: string): string | undefined;
  text(): Promise<string>;
  json<T = unknown>(): Promise<T>;
  bytes(): Promise<Uint8Array>;
  /** The raw body stream; consume or call dump(). */
  body: Readable;
  /** Discards the body without reading it into memory. */
  dump(): Promise<void>;
}

export interface CookieAccess {
  /** Cookie header value the jar would send to url ('' if none). */
  getCookieHeader(url: string): Promise<string>;
  setCookie(cookie: string, url: string): Promise<void>;
}

export interface HttpClient {
  request(url: string | URL, options?: HttpRequestOptions): Promise<HttpResponse>;
  getText(url: string | URL, options?: HttpRequestOptions): Promise<string>;
  getJson<T = unknown>(url: string | URL, options?: HttpRequestOptions): Promise<T>;
  /** The cookie jar of this client (one per resolution). */
  readonly cookies: CookieAccess;
  /** A client sharing connections, proxy, host map and limits but with a fresh cookie jar. */
  fork(options?: { headers?: Record<string, string> }): HttpClient;
  /**
   * Declares a pace for a host (or base URL origin): calls are serialised and spaced
   * at least intervalMs apart. tikwm: 1 request/s per IP.
   */
  setPace(origin: string, intervalMs: number): void;
  /** Whether requests to this URL's host would be routed through the host map. */
  isMapped(url: string | URL): boolean;
  /**
   * The same client with a browser TLS ClientHello (impit, an optional dependency; see
   * browser-tls.ts), sharing this jar, host map, proxy and limits; undefined when impit
   * does not load. Optional for fakes.
   */
  browserTls?(): Promise<HttpClient | undefined>;
  /** Closes pooled connections of the whole client family (forks share them). Optional for fakes. */
  close?(): Promise<void>;
}

export interface HostMapEntry {
  /** Exact hostname or '*.suffix' wildcard. */
  pattern: string;
  /** Origin to connect to, e.g. http://127.0.0.1:7001 */
  origin: string;
}

export interface HttpClientOptions {
  hostMap?: HostMapEntry[] | string;
  /**
   * The user's cookies (parsed cookies.txt). Every jar (each fork) starts with those of
   * TikTok's own domains, host-scoped; cookies of any other domain are dropped.
   */
  cookies?: readonly import('./cookie-file.js').FileCookie[];
  proxy?: string;
  /** Respect HTTP(S)_PROXY / NO_PROXY from this env (the apps' entry files pass theirs). */
  env?: Record<string, string | undefined>;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  maxRedirects?: number;
  maxResponseBytes?: number;
  retries?: number;
  /** Refuse loopback/private/link-local targets (after DNS, every hop); mapped origins exempt. */
  addressGuard?: boolean;
  /** Extra origins exempt from the address guard. */
  allowOrigins?: string[];
  headers?: Record<string, string>;
  userAgent?: string;
  /** Bytes per second cap for bodies (CLI --limit-rate). */
  limitRateBps?: number;
  /**
   * Floor speed for media bodies (curl --speed-limit / --speed-time): slower than
   * lowSpeedLimitBps on average for lowSpeedTimeMs fails with TIMEOUT, so a dripping host
   * gives way to the next URL. Defaults 1024 B/s and 30 000 ms; 0 turns it off.
   */
  lowSpeedLimitBps?: number;
  lowSpeedTimeMs?: number;
  /**
   * 'undici' (default): pages and API calls over undici's pooled connections, media bodies
   * over the lean transport (./media-request.ts). 'lean': every request without a proxy
   * over the lean transport, for short-lived processes (the CLI) where undici's pooling does
   * not pay for compiling its WebAssembly parser (~35 MB of RSS, ~60 ms of CPU; bench/).
   */
  transport?: 'undici' | 'lean';
  /**
   * Tunnel plain-http requests through the proxy with CONNECT (default true); false sends
   * them to the proxy as absolute-URI requests (classic forward proxying). https always tunnels.
   */
  proxyTunnel?: boolean;
  /**
   * Called before each paced request (see setPace) to space it across processes too: returns
   * the ms to wait for this host's next shared slot. The web app passes its store's.
   */
  paceGate?: (host: string, intervalMs: number) => Promise<number>;
  /** Longest Retry-After a retry will wait; longer ones fail at once with RATE_LIMITED. Default 30000. */
  maxRetryAfterMs?: number;
}
