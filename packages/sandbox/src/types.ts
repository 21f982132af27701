/**
 * Sandbox contracts: scenarios (data that drives the sandbox, provider tests and the demo)
 * and virtual services (one module per imitated site, mounted on its own 127.0.0.1 port
 * and reachable under its real hostnames through the HTTP layer's host map).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, HostMapEntry, MediaType } from '@tiksaver/core';

export const PROVIDER_IDS = ['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** What one provider is expected to make of a scenario. */
export type ScenarioExpectation =
  | { ok: true; kind: 'story' | 'video' | 'photo'; media: MediaType[] }
  | { ok: false; code: ErrorCode };

/** How TikTok's own web page behaves for the scenario's item. */
export interface TiktokPageBehaviour {
  /** webapp.video-detail statusCode (0 = ok). */
  statusCode: number;
  statusMsg?: string;
  /** Data layout of the page: current rehydration JSON, old SIGI_STATE, or a /photo/ page without video-detail. */
  layout?: 'universal' | 'sigi' | 'photo-canonical';
  /** Answer the first page request with the WAF "Please wait" challenge. */
  waf?: boolean;
  /** Desktop user agents get statusCode 10204; mobile user agents get the item. */
  mobileOnly?: boolean;
  /** Redirect the page to /login (private or age-gated, depending on context). */
  loginRedirect?: boolean;
  /** itemStruct.isContentClassified with no video. */
  ageRestricted?: boolean;
  /** Short link redirects to the home page (dead link). */
  deadShortLink?: boolean;
  /** Which item path the short link's Location uses (default: 'photo' for photo posts, else 'video'). */
  shortLinkPath?: 'video' | 'photo' | 'story';
  /** HTTP status of the short-link redirect (default 301). */
  shortLinkStatus?: 301 | 302;
  /** Item field variants to exercise parsers. */
  variants?: {
    playAddrList?: boolean;
    createTimeString?: boolean;
    flatAuthor?: boolean;
    webpFirst?: boolean;
    /** Omit bitrateInfo (older pages). */
    noBitrateInfo?: boolean;
    /** Story expiry under `expiredAt` / `storyExpiredAt` instead of `story.ExpiredAt`. */
    expiryField?: 'story.ExpiredAt' | 'expiredAt' | 'storyExpiredAt' | 'none';
  };
}

export interface Scenario {
  id: string;
  title: string;
  kind: 'story' | 'video' | 'photo';
  itemId: string;
  username: string;
  nickname: string;
  caption: string;
  /** The link a user would paste (canonical form). */
  link: string;
  /** A short link that redirects to the item (vm./vt./t/). */
  shortLink: string;
  /** Story expiry relative to "now" in seconds (negative = expired). Stories only. */
  expiresInSec?: number;
  media: {
    video?: boolean;
    /** Number of images for photo posts / photo stories. */
    images?: number;
    /** Music track present (music.playUrl). */
    audio?: boolean;
  };
  tiktok: TiktokPageBehaviour;
  /** Expected outcome for every provider (drives the contract suite and the demo). */
  expect: Record<ProviderId, ScenarioExpectation>;
}

export type FaultKind =
  | 'hang'
  | 'slow'
  | 'status-500'
  | 'status-503'
  | 'status-429'
  | 'reset'
  | 'truncate'
  | 'malformed'
  | 'schema-drift'
  | 'redirect-loop'
  | 'redirect-private'
  | 'oversize'
  /** 403 / 404 from one host, e.g. one CDN host of several refusing (tiktok-web.md §3). */
  | 'status-403'
  | 'status-404'
  /** Headers and about half the body, then silence with the connection open (a stalled download). */
  | 'stall'
  /** A Content-Length of about half the body, then the whole body (a lying length, issue 17). */
  | 'short-length';

export interface Fault {
  kind: FaultKind;
  /** Only requests whose path starts with this (default: all). */
  path?: string;
  /** Apply to the next N matching requests only (default: until cleared). */
  times?: number;
  /** For 429/503: Retry-After seconds. For slow: bytes per second. For oversize: body bytes. */
  value?: number;
}

export interface LoggedRequest {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
  at: number;
  /** Virtual service that answered. */
  service?: string;
  /** Request URL in original (real hostname, https) form. */
  url?: string;
  /** Cookies parsed from the Cookie header. */
  cookies?: Record<string, string>;
  /** Fault applied to this request, if any. */
  fault?: FaultKind;
  /** Response status, filled in when the response finishes. */
  status?: number;
}

/** Handed to every virtual service. */
export interface SandboxContext {
  scenarios: readonly Scenario[];
  scenarioByItemId(itemId: string): Scenario | undefined;
  /** Base URL (real hostname form, e.g. https://snaptik.app) -> local origin, for building absolute URLs. */
  origins: Record<string, string>;
  /** Current time in ms (tests may shift it). */
  now(): number;
  /** Streams a sandbox media asset (real file or synthetic) with HEAD/Range/ETag support. */
  serveMedia(req: IncomingMessage, res: ServerResponse, asset: MediaAssetRef): void;
  /** Media URL on the TikTok CDN imitation for a scenario's asset (real hostname form). */
  cdnUrl(asset: MediaAssetRef): string;
}

export interface MediaAssetRef {
  scenarioId: string;
  type: 'video' | 'image' | 'audio' | 'synthetic';
  /** Image index (0-based) or synthetic size in bytes. */
  n?: number;
  /** Image format variant. */
  format?: 'jpeg' | 'webp';
  /** Video codec variant label (files are the same H.264 sample). */
  codec?: 'h264' | 'h265' | 'bytevc2';
  watermark?: boolean;
  /**
   * The URL demands the page session (tt_chain_token cookie + TikTok Referer), as the
   * page's video URLs do (`tk=tt_chain_token`). Default: true for video, false otherwise.
   */
  session?: boolean;
}

export interface SandboxRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  host: string;
  /** Raw request body (already read). */
  body: string;
}

export interface VirtualService {
  id: string;
  /** Real hostnames this service answers for; '*.suffix' wildcards allowed. */
  hosts: string[];
  handle(request: SandboxRequest): void | Promise<void>;
  /** Optional control hook, e.g. vidgap "redeploy". */
  control?(action: string): void;
}

export type ServiceFactory = (ctx: SandboxContext) => VirtualService;

/**
 * - today: a plain desktop client gets a ~1.4 KB stub without data; a mobile identity gets
 *   the full page with `webapp.reflow.video.detail` on www and on m.tiktok.com/v/ID.html;
 *   story items 404 on desktop (yt-dlp #7187).
 * - legacy-desktop: the 2024 site the older extractors were written for: the desktop page
 *   carries `webapp.video-detail` (or SIGI_STATE), m.tiktok.com/v/ID.html redirects to it,
 *   and mobile identities get an app shell without item data, so the desktop route is the
 *   one that resolves.
 */
export type TiktokSite = 'today' | 'legacy-desktop';

export interface MediaCounters {
  /** Every request that reached a CDN host. */
  requests: number;
  head: number;
  options: number;
  /** GETs of page-session-bound URLs that carried that page's tt_chain_token (and a TikTok Referer). */
  withPageSession: number;
  /** GETs of page-session-bound URLs without it (answered 403). */
  withoutPageSession: number;
}

export interface RequestLog {
  /** Every logged request, oldest first. */
  all(): LoggedRequest[];
  /** Requests to one host (exact name, e.g. 'www.tikwm.com') or to one service id (e.g. 'tikwm'). */
  for(hostOrService: string): LoggedRequest[];
  clear(): void;
}

export interface SandboxOptions {
  /** Fixed port per service id (e.g. { tiktok: 7401 }); default 0 = a free port. */
  ports?: Record<string, number>;
  /** Give services consecutive ports from here, in SERVICE_IDS order (the CLI uses it). */
  basePort?: number;
  /** Start the sandbox clock at this time (ms since epoch); it keeps running. */
  now?: number;
  /** How many requests the log keeps (default 10 000). */
  logLimit?: number;
  /** Faults installed at start. */
  faults?: Array<{ host: string } & Fault>;
  /** Upper bound of the WAF proof-of-work answer (default 5 000, so tests stay fast). */
  wafMaxIterations?: number;
  /** Pad every TikTok page to about this many bytes, like real ~0.5-1 MB pages (default 0; per request: `?__pad=1mb`). */
  pagePadBytes?: number;
  /** Mount only these services (default: all). */
  services?: string[];
  /** Which TikTok to imitate (default 'today'; see TiktokSite). Switch later with control('tiktok', 'site:legacy-desktop'). */
  tiktokSite?: TiktokSite;
}

export interface Sandbox {
  /** Service id -> local origin, and every host pattern (e.g. 'www.tiktok.com', '*.tiktokcdn.com') -> origin. */
  urls: Record<string, string>;
  hostMap: HostMapEntry[];
  /** TIKSAVER_HOST_MAP format: "www.tiktok.com=http://127.0.0.1:PORT,*.tiktokcdn.com=...". */
  hostMapString: string;
  scenarios: readonly Scenario[];
  /** The scenario with this id (throws for an unknown id). */
  scenario(id: string): Scenario;
  /** Install a fault for a host name, '*.suffix' pattern, service id or '*'. */
  setFault(host: string, fault: Fault): void;
  /** Remove the faults of one host key, or all. */
  clearFaults(host?: string): void;
  faults(): Array<{ host: string } & Fault>;
  log: RequestLog;
  /** Service control hook, e.g. control('vidgap', 'redeploy'); control('tiktok', 'waf:on'). */
  control(serviceId: string, action: string): void;
  now(): number;
  setNow(ms: number): void;
  shiftTime(ms: number): void;
  /** What reached the TikTok CDN so far (HEAD/OPTIONS counts, page-session checks); reset with control('tiktok', 'media:reset'). */
  mediaCounters(): MediaCounters;
  /** The context handed to every service (cdnUrl, serveMedia, origins ...). */
  context: SandboxContext;
  close(): Promise<void>;
}
