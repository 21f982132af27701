/** The request log: every request each virtual host received, so tests can assert headers and pacing. */
import type { LoggedRequest, RequestLog } from './types.js';

export class MemoryRequestLog implements RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly limit = 10_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  for(hostOrService: string): LoggedRequest[] {
    const key = hostOrService.toLowerCase();
    return this.entries.filter((e) => e.host === key || e.service === key);
  }

  clear(): void {
    this.entries = [];
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !(name in out)) out[name] = part.slice(eq + 1).trim();
  }
  return out;
}
