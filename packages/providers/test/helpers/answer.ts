/**
 * An HttpResponse built in memory, for the error mappers that read a refused answer (status,
 * headers, the start of its body) without a server round trip.
 */
import { Readable } from 'node:stream';
import type { HttpResponse } from '@tiksaver/core';

export function answer(status: number, headers: Record<string, string> = {}, body = ''): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    url: 'http://127.0.0.1:9/',
    status,
    headers: lower,
    redirects: [],
    header: (name) => lower[name.toLowerCase()],
    text: async () => body,
    json: async () => JSON.parse(body) as never,
    bytes: async () => new TextEncoder().encode(body),
    body: Readable.from([body]),
    dump: async () => undefined,
  };
}
