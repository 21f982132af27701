/**
 * The result vocabulary. The engine, the CLI's --json and the web API all emit exactly
 * these shapes; parse with them at every process boundary.
 */
import * as z from 'zod';
import { ERROR_CODE_NAMES } from './errors.js';
import { SETTING_NAMES, type HintPart } from './hints.js';

export const LINK_KINDS = [
  'story',
  'video',
  'photo',
  'short',
  'profile',
  'live',
  'music',
  'tag',
  'search',
  'not-tiktok',
  'invalid',
] as const;
export const LinkKind = z.enum(LINK_KINDS);
export type LinkKind = z.infer<typeof LinkKind>;

export const ParsedLink = z.object({
  kind: LinkKind,
  /** What the user pasted, trimmed. */
  input: z.string(),
  /** Canonical URL with tracking parameters removed; absent for `invalid`. */
  url: z.string().optional(),
  /** Numeric item id for story/video/photo, the short code for `short`, the music/live id where present. */
  id: z.string().optional(),
  username: z.string().optional(),
  /** Comment id when the link points at a comment under a post. */
  comment: z.string().optional(),
  /** Short link chain when the link was expanded (filled by expandLink). */
  expandedFrom: z.string().optional(),
  /** The account's internal id (`@MS4wLjABAAAA…`) when the link names it instead of a username. */
  secUid: z.string().optional(),
  /**
   * Other story/post/short links found in the same pasted text (canonical URLs, in text
   * order), besides the one this link is: the CLI resolves each, the web app offers them.
   */
  others: z.array(z.string()).optional(),
});
export type ParsedLink = z.infer<typeof ParsedLink>;

export const MediaType = z.enum(['video', 'image', 'audio']);
export type MediaType = z.infer<typeof MediaType>;

export const Want = z.enum(['auto', 'video', 'image', 'audio']);
export type Want = z.infer<typeof Want>;

export const MediaItem = z.object({
  type: MediaType,
  /** Primary URL. */
  url: z.string(),
  /** Ordered fallbacks for the same media (other CDN hosts); the downloader tries them in turn. */
  fallbackUrls: z.array(z.string()).optional(),
  mimeType: z.string().optional(),
  ext: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
  durationSec: z.number().optional(),
  bitrate: z.number().optional(),
  codec: z.string().optional(),
  sizeBytes: z.number().optional(),
  /** true = TikTok watermark burnt in; undefined = unknown. */
  watermark: z.boolean().optional(),
  /** Human label, e.g. "1080p HD", "720p", "original sound". */
  quality: z.string().optional(),
  /** Headers needed to fetch it (Cookie, Referer, User-Agent). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Position within a multi-image post, 1-based. */
  index: z.number().int().optional(),
});
export type MediaItem = z.infer<typeof MediaItem>;

export const ResolutionKind = z.enum(['story', 'video', 'photo']);
export type ResolutionKind = z.infer<typeof ResolutionKind>;

export const Resolution = z.object({
  kind: ResolutionKind,
  id: z.string(),
  url: z.string(),
  author: z.object({ username: z.string().optional(), nickname: z.string().optional() }).optional(),
  caption: z.string().optional(),
  /** ISO 8601. */
  createdAt: z.string().optional(),
  /** ISO 8601; stories only. */
  expiresAt: z.string().optional(),
  items: z.array(MediaItem),
});
export type Resolution = z.infer<typeof Resolution>;

/** A hint (hints.ts): plain words, or parts that name the settings they point at. */
const HintPartSchema: z.ZodType<HintPart> = z.lazy(() =>
  z.union([z.string(), z.object({ setting: z.enum(SETTING_NAMES) }), z.object({ optional: z.array(HintPartSchema).readonly() })]),
);
export const HintSchema = z.union([z.string(), z.array(HintPartSchema).readonly()]);

export const SerializedErrorSchema = z.object({
  code: z.enum(ERROR_CODE_NAMES),
  message: z.string(),
  hint: HintSchema,
  final: z.boolean(),
  retryAfterMs: z.number().optional(),
  provider: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const AttemptOutcome = z.enum(['ok', 'failed', 'skipped', 'cancelled']);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

/**
 * Why a provider was skipped or cancelled, as data; describeReason (engine/describe-reason.ts)
 * puts it in words.
 */
export const AttemptReason = z.discriminatedUnion('why', [
  /** Switched off or not configured; `reason` is the provider's disabledReason. */
  z.object({ why: z.literal('disabled'), reason: HintSchema.optional() }),
  /** Its capabilities exclude this kind of link. */
  z.object({ why: z.literal('link-kind'), kind: LinkKind }),
  /** It cannot deliver the wanted media. */
  z.object({ why: z.literal('media'), want: MediaType }),
  /** `provider` failed with a final `code`, which ended the chain. */
  z.object({ why: z.literal('final'), code: z.enum(ERROR_CODE_NAMES), provider: z.string() }),
  /** `winner` answered first. */
  z.object({ why: z.literal('not-needed'), winner: z.string() }),
  /** The whole resolution ended before this provider started: cancelled, or out of total time. */
  z.object({ why: z.literal('ended'), code: z.enum(['CANCELLED', 'TIMEOUT']), message: z.string() }),
  /** Cancelled by the caller while it ran (the attempt's error says the same). */
  z.object({ why: z.literal('cancelled'), message: z.string() }),
  /** Never started, for no other reason. */
  z.object({ why: z.literal('not-started') }),
]);
export type AttemptReason = z.infer<typeof AttemptReason>;

export const Attempt = z.object({
  provider: z.string(),
  outcome: AttemptOutcome,
  error: SerializedErrorSchema.optional(),
  /** Why a provider was skipped or cancelled. */
  reason: AttemptReason.optional(),
  /** ISO 8601. */
  startedAt: z.string().optional(),
  durationMs: z.number().optional(),
  /** Summary of what an ok attempt found (also kept for `all` comparisons). */
  result: Resolution.optional(),
  /** What the provider reported about its own steps (native: `routes`, see RouteRecord). */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type Attempt = z.infer<typeof Attempt>;

export const Strategy = z.enum(['sequential', 'hedged', 'all']);
export type Strategy = z.infer<typeof Strategy>;

export const ResolveReport = z.object({
  input: z.string(),
  link: ParsedLink,
  ok: z.boolean(),
  /** Id of the provider whose result won. */
  provider: z.string().optional(),
  result: Resolution.optional(),
  /** The verdict when not ok. */
  error: SerializedErrorSchema.optional(),
  attempts: z.array(Attempt),
  strategy: Strategy,
  want: Want.optional(),
  totalMs: z.number(),
});
export type ResolveReport = z.infer<typeof ResolveReport>;
