/**
 * The browser side of the API: resolve over Server-Sent Events (fetch + stream reader,
 * since EventSource cannot POST) and the small JSON endpoints.
 */
import type { Attempt, Strategy, Want } from '@tiksaver/core';
import { noteServerDate } from './fresh-links.js';
import type { WebAttempt, WebMediaItem, WebReport, WebResolution } from '../../shared/types.js';

export type { WebAttempt, WebMediaItem, WebReport, WebResolution };

export interface ApiErrorBody {
  code: string;
  message: string;
  hint: string;
  final?: boolean;
  provider?: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly body: ApiErrorBody,
    readonly status: number,
  ) {
    super(body.message);
  }
}

export interface ResolveInput {
  input: string;
  want?: Want;
  providers?: string[];
  strategy?: Strategy;
}

export type TraceEvent =
  | { type: 'attempt-start'; provider: string; startedAt: string }
  | { type: 'attempt-end'; attempt: Omit<Attempt, 'result'> & { found?: { kind: string; items: { type: string; quality?: string }[] } } };

async function failure(response: Response): Promise<ApiFailure> {
  try {
    const body = (await response.json()) as { error?: ApiErrorBody };
    if (body.error) return new ApiFailure(body.error, response.status);
  } catch {
    // fall through
  }
  return new ApiFailure({ code: 'HTTP_' + response.status, message: `The server answered ${response.status}.`, hint: 'Try again in a moment.' }, response.status);
}

export async function resolveLive(request: ResolveInput, onEvent: (event: TraceEvent) => void, signal?: AbortSignal): Promise<WebReport> {
  const response = await fetch('/api/resolve', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(request),
    ...(signal && { signal }),
  });
  if (!response.ok || !response.body) throw await failure(response);
  noteServerDate(response.headers.get('date'));

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trimStart();
      }
      if (!data) continue;
      const payload = JSON.parse(data) as unknown;
      if (event === 'report') return payload as WebReport;
      if (event === 'error') throw new ApiFailure((payload as { error: ApiErrorBody }).error, 500);
      if (event === 'attempt-start' || event === 'attempt-end') onEvent(payload as TraceEvent);
    }
  }
  throw new ApiFailure({ code: 'NETWORK', message: 'The connection closed before the result arrived.', hint: 'Try again.' }, 0);
}

export interface ProviderInfo {
  id: string;
  label: string;
  enabled?: boolean;
  disabledReason?: string;
  notes?: string;
}

export async function fetchProviders(): Promise<ProviderInfo[]> {
  const response = await fetch('/api/providers');
  if (!response.ok) throw await failure(response);
  const body = (await response.json()) as { providers: ProviderInfo[] };
  return body.providers;
}
