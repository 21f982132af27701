/**
 * The error taxonomy: one table, one place. Engine, CLI (exit codes), web (HTTP status)
 * and docs all read from ERROR_CODES; nothing upstream parses error messages. Hints name
 * settings as data (hints.ts): each app renders them its own way with renderHint. The
 * short words per code are in error-words.ts.
 */
import type { Hint } from './hints.js';


export const ERROR_CODES = {
  INVALID_INPUT: {
    final: true,
    httpStatus: 400,
    exitCode: 3,
    hint: 'Paste the TikTok link itself: open the story in TikTok, tap Share, then Copy link.',
  },
  NOT_TIKTOK: {
    final: true,
    httpStatus: 400,
    exitCode: 3,
    hint: 'That is not a TikTok link. In TikTok, open the story, tap Share, then Copy link, and paste that.',
  },
  WRONG_LINK_KIND: {
    final: true,
    httpStatus: 400,
    exitCode: 3,
    hint: 'This link does not point at one story or post. Open the story itself, tap Share, then Copy link.',
  },
  EXPIRED: {
    final: true,
    httpStatus: 410,
    exitCode: 4,
    hint: 'This story has expired or was removed by its creator. It cannot be recovered by any tool; stop here.',
  },
  NOT_FOUND: {
    final: false,
    httpStatus: 404,
    exitCode: 4,
    hint: [
      'This post was not found. Stories vanish after about 24 hours or when deleted. If it still plays in the app, TikTok may be blocking your region or IP: try a proxy (',
      { setting: 'proxy' },
      ').',
    ],
  },
  PRIVATE: {
    final: true,
    httpStatus: 403,
    exitCode: 5,
    hint: 'This account or post is private. Only people the creator allows can see it, and tiksaver does not bypass that.',
  },
  AGE_RESTRICTED: {
    final: true,
    httpStatus: 403,
    exitCode: 5,
    hint: 'TikTok only shows this to signed-in adults. tiksaver does not get around age gates.',
  },
  REGION_BLOCKED: {
    final: false,
    httpStatus: 451,
    exitCode: 6,
    hint: ['TikTok blocks this post in your region. A proxy in another country (', { setting: 'proxy' }, ') may help.'],
  },
  UNSUPPORTED_KIND: {
    final: false,
    httpStatus: 422,
    exitCode: 6,
    hint: 'This resolver cannot deliver that kind of content; another one may.',
  },
  NO_MEDIA: {
    final: false,
    httpStatus: 422,
    exitCode: 6,
    hint: 'The post was found but had no media of the wanted type. Try another output (video, images or audio).',
  },
  RATE_LIMITED: {
    final: false,
    httpStatus: 429,
    exitCode: 6,
    hint: 'The service is rate limiting requests. Wait a moment and try again.',
  },
  BLOCKED: {
    final: false,
    httpStatus: 502,
    exitCode: 6,
    hint: ['The site refused the request (bot protection). Try again later or through a proxy (', { setting: 'proxy' }, ').'],
  },
  UPSTREAM_CHANGED: {
    final: false,
    httpStatus: 502,
    exitCode: 6,
    hint: 'The site answered in a shape tiksaver does not know; it has probably changed. Please report it.',
  },
  NETWORK: {
    final: false,
    httpStatus: 502,
    exitCode: 6,
    hint: 'Could not reach the site. Check your connection or proxy settings.',
  },
  TIMEOUT: {
    final: false,
    httpStatus: 504,
    exitCode: 6,
    hint: ['The site took too long to answer. Try again, or raise ', { setting: 'timeoutMs' }, '.'],
  },
  CANCELLED: {
    final: true,
    httpStatus: 499,
    exitCode: 1,
    hint: 'The request was cancelled.',
  },
  MISCONFIGURED: {
    final: false,
    httpStatus: 500,
    exitCode: 2,
    hint: 'A setting is missing or wrong. Check the provider configuration (see tiksaver providers).',
  },
  DOWNLOAD_FAILED: {
    final: false,
    httpStatus: 502,
    exitCode: 7,
    hint: 'The media was found but saving it failed. Run the same command again to resume.',
  },
  FILE_EXISTS: {
    final: true,
    httpStatus: 409,
    exitCode: 7,
    hint: [
      'A file with that name already exists. Remove it',
      { optional: [', overwrite it (', { setting: 'force' }, ')'] },
      ' or choose another file name template (',
      { setting: 'outputTemplate' },
      ').',
    ],
  },
} as const satisfies Record<string, { final: boolean; httpStatus: number; exitCode: number; hint: Hint }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export interface TiksaverErrorInit {
  hint?: Hint;
  /** Overrides the code's default finality (e.g. a story known to be expired). */
  final?: boolean;
  retryAfterMs?: number;
  provider?: string;
  cause?: unknown;
  /** Upstream detail worth keeping (raw status code, failing schema path...). */
  detail?: Record<string, unknown>;
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint: Hint;
  final: boolean;
  retryAfterMs?: number;
  provider?: string;
  detail?: Record<string, unknown>;
}

export class TiksaverError extends Error {
  override readonly name = 'TiksaverError';
  readonly code: ErrorCode;
  readonly hint: Hint;
  readonly final: boolean;
  readonly retryAfterMs?: number;
  provider?: string;
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, init: TiksaverErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.hint = init.hint ?? ERROR_CODES[code].hint;
    this.final = init.final ?? ERROR_CODES[code].final;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.provider !== undefined) this.provider = init.provider;
    if (init.detail !== undefined) this.detail = init.detail;
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      final: this.final,
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
      ...(this.provider !== undefined && { provider: this.provider }),
      ...(this.detail !== undefined && { detail: this.detail }),
    };
  }

  static fromJSON(json: SerializedError): TiksaverError {
    return new TiksaverError(json.code, json.message, {
      hint: json.hint,
      final: json.final,
      ...(json.retryAfterMs !== undefined && { retryAfterMs: json.retryAfterMs }),
      ...(json.provider !== undefined && { provider: json.provider }),
      ...(json.detail !== undefined && { detail: json.detail }),
    });
  }
}

export function isTiksaverError(value: unknown): value is TiksaverError {
  return value instanceof TiksaverError || (value instanceof Error && value.name === 'TiksaverError' && isErrorCode((value as TiksaverError).code));
}

/** Wraps anything thrown into a TiksaverError, keeping the original as `cause`. */
export function toTiksaverError(error: unknown, fallback: ErrorCode = 'UPSTREAM_CHANGED', provider?: string): TiksaverError {
  if (isTiksaverError(error)) {
    if (provider && !error.provider) error.provider = provider;
    return error;
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new TiksaverError('CANCELLED', 'Cancelled', { cause: error, ...(provider && { provider }) });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TiksaverError(fallback, message || 'Unexpected error', { cause: error, ...(provider && { provider }) });
}
