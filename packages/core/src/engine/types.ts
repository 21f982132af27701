/**
 * The contract of the fallback engine (implemented in ./create-resolver.ts).
 */
import type { HttpClient } from '../http/types.js';
import type { Logger, Provider } from '../provider.js';
import type { Attempt, ParsedLink, ResolveReport, Strategy, Want } from '../schemas.js';

export type ResolveEvent =
  | { type: 'link'; link: ParsedLink }
  | { type: 'attempt-start'; provider: string; startedAt: string }
  | { type: 'attempt-end'; attempt: Attempt }
  | { type: 'done'; report: ResolveReport };

export interface ResolverOptions {
  providers: Provider[];
  /** Root client; each resolution uses http.fork() for a fresh cookie jar. */
  http?: HttpClient;
  logger?: Logger;
  strategy?: Strategy;
  hedgeDelayMs?: number;
  providerTimeoutMs?: number;
  totalTimeoutMs?: number;
}

export interface ResolveOptions {
  /** Provider ids in the order to try; default: all, in registry order. */
  providers?: string[];
  exclude?: string[];
  want?: Want;
  strategy?: Strategy;
  hedgeDelayMs?: number;
  providerTimeoutMs?: number;
  totalTimeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: ResolveEvent) => void;
}

export interface Resolver {
  resolve(input: string, options?: ResolveOptions): Promise<ResolveReport>;
  readonly providers: readonly Provider[];
}
