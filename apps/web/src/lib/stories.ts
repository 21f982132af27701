/** The browser side of POST /api/stories (a creator's current stories, each resolved). */
import type { WebStory, WebStoryList } from '../../shared/types.js';
import { ApiFailure, type ApiErrorBody } from './api.js';

export type { WebStory, WebStoryList };

export async function fetchStories(input: string, signal?: AbortSignal): Promise<WebStoryList> {
  const response = await fetch('/api/stories', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ input }),
    ...(signal && { signal }),
  });
  const body = (await response.json().catch(() => undefined)) as (WebStoryList & { error?: ApiErrorBody }) | undefined;
  if (!response.ok || !body || body.error) {
    throw new ApiFailure(body?.error ?? { code: `HTTP_${response.status}`, message: `The server answered ${response.status}.`, hint: 'Try again in a moment.' }, response.status);
  }
  return body;
}

/** The @name a pasted profile link names (the browser-safe link parser, already loaded by the doctor). */
export async function profileName(input: string): Promise<string | undefined> {
  const { parseLink } = await import('@tiksaver/core/link');
  const trimmed = input.trim();
  if (/^@[\p{L}\p{N}_.-]+$/u.test(trimmed)) return trimmed.slice(1);
  return parseLink(trimmed).username;
}
