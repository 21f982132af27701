/**
 * What a resolver is. Each provider in @tiksaver/providers is a factory returning one.
 */
import type { Hint } from './hints.js';
import type { HttpClient } from './http/types.js';
import type { LinkKind, MediaType, ParsedLink, Resolution, Want } from './schemas.js';

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

export interface ProviderCapabilities {
  /** Link kinds this provider can take (after short-link expansion). */
  linkKinds: LinkKind[];
  /** Media it can deliver per resolved kind, e.g. { story: ['video'], photo: ['image','audio'] }. */
  media: Partial<Record<'story' | 'video' | 'photo', MediaType[]>>;
  /** Free-text notes shown in `tiksaver providers`. */
  notes?: string;
}

export interface ProviderContext {
  signal: AbortSignal;
  /** A client with a fresh cookie jar for this resolution. */
  http: HttpClient;
  logger: Logger;
  /** What the user asked for; providers may use it to pick endpoints (e.g. audio mode). */
  want: Want;
  /**
   * Filled by the provider with what the attempt's record should show (e.g. native's
   * `routes`), on success and failure alike; the engine copies it to `Attempt.detail`.
   */
  detail?: Record<string, unknown>;
}

export interface Provider {
  /** Stable id, e.g. 'native', 'snaptik'. */
  id: string;
  label: string;
  capabilities: ProviderCapabilities;
  /** Base URL in use (for listings). */
  baseUrl?: string;
  /**
   * Whose word this provider's failures are. 'tiktok' (the default): it reads TikTok's own
   * answer (status code, redirect, the item page's 404 on every route), so a final error
   * ends the chain. 'service': a third-party download service; its "private", "not found"
   * or "expired" is hearsay, never final: the chain goes on and the verdict weighs it.
   */
  authority?: 'tiktok' | 'service';
  /** false with a reason when not configured (e.g. cobalt without URL): recorded as skipped. */
  enabled?: boolean;
  /** A hint (hints.ts): it may name the setting that turns the provider on. */
  disabledReason?: Hint;
  /** Throws TiksaverError on failure. */
  resolve(link: ParsedLink, ctx: ProviderContext): Promise<Resolution>;
}
