/**
 * Sandbox contracts: scenarios (data that drives the sandbox, provider tests and the demo)
 * and virtual services (one module per imitated site, mounted on its own 127.0.0.1 port
 * and reachable under its real hostnames through the HTTP layer's host map).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, MediaType } from '@tiksaver/core';

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
