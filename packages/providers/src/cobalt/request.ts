/**
 * cobalt instance API calls (services.md §3): `POST /` with `Accept` and `Content-Type:
 * application/json` (both required), optional `Authorization: Api-Key <key>`, and a body
 * the strict v10 schema accepts (unknown keys are `error.api.invalid_body`, 1024 bytes max).
 */
import { parseRetryAfter, type HttpClient, type Want } from '@tiksaver/core';
import { readServiceJson } from '../shared/read-json.js';
import { API_URL_HINT, cobaltHttpError, SOURCE } from './errors.js';

export interface CobaltRequestBody {
  url: string;
  downloadMode: 'auto' | 'audio';
  audioFormat: 'mp3';
  filenameStyle: 'basic';
  /** We never mux locally: ask for a ready file (services.md §3, local-processing). */
  localProcessing: 'disabled';
  allowH265?: boolean;
  tiktokFullAudio?: boolean;
}

export interface CobaltCallOptions {
  signal: AbortSignal;
  apiKey?: string;
  timeoutMs?: number;
}

export function buildRequestBody(url: string, want: Want, allowH265: boolean): CobaltRequestBody {
  return {
    url,
    downloadMode: want === 'audio' ? 'audio' : 'auto',
    audioFormat: 'mp3',
    filenameStyle: 'basic',
    localProcessing: 'disabled',
    // Only sent when wanted, so instances whose schema predates the option still accept us.
    ...(allowH265 && { allowH265: true }),
    // For "sound only" the original sound is what users mean, not the clip's audio track.
    ...(want === 'audio' && { tiktokFullAudio: true }),
  };
}

function headers(apiKey: string | undefined): Record<string, string> {
  return {
    accept: 'application/json',
    'content-type': 'application/json',
    ...(apiKey && { authorization: `Api-Key ${apiKey}` }),
  };
}

/** cobalt answers errors with 4xx/5xx and a JSON body: read them all as data. */
const ERROR_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503];

export interface CobaltRawAnswer {
  body: unknown;
  status: number;
  retryAfterMs?: number;
}

export async function postToCobalt(http: HttpClient, baseUrl: string, body: CobaltRequestBody, options: CobaltCallOptions): Promise<CobaltRawAnswer> {
  const response = await http.request(`${baseUrl}/`, {
    method: 'POST',
    headers: headers(options.apiKey),
    body: JSON.stringify(body),
    signal: options.signal,
    okStatuses: ERROR_STATUSES,
    maxBytes: 1_000_000,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  // RateLimit-Reset (IETF draft, sent by express-rate-limit) is "seconds until reset".
  const retryAfter = parseRetryAfter(response.header('ratelimit-reset')) ?? parseRetryAfter(response.header('retry-after'));
  const isJson = (response.header('content-type') ?? '').includes('json');
  if (response.status >= 400 && !isJson) throw await cobaltHttpError(response, retryAfter);
  const answer = await readServiceJson(response, SOURCE, API_URL_HINT);
  return { body: answer, status: response.status, ...(retryAfter !== undefined && { retryAfterMs: retryAfter }) };
}

export interface CobaltInstanceInfo {
  version?: string;
  services: string[];
}

/** `GET /` instance info: a health check that also says whether TikTok is enabled. */
export async function getInstanceInfo(http: HttpClient, baseUrl: string, options: CobaltCallOptions): Promise<CobaltInstanceInfo> {
  const info = await http.getJson<{ cobalt?: { version?: string; services?: string[] } }>(`${baseUrl}/`, {
    headers: { accept: 'application/json' },
    signal: options.signal,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  return { ...(info.cobalt?.version && { version: info.cobalt.version }), services: info.cobalt?.services ?? [] };
}
