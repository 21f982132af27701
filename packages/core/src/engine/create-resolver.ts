/**
 * The fallback engine: pasted text in, ResolveReport out.
 * parseLink -> (wrong kind? stop) -> expandLink once for short links -> pick providers
 * (order, subset, exclude, capability and enabled checks) -> strategy -> verdict.
 */
import { TiksaverError, toTiksaverError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { expandLink } from '../link/expand-link.js';
import { linkError } from '../link/describe-link.js';
import { parseLink } from '../link/parse-link.js';
import { silentLogger, type Provider } from '../provider.js';
import type { Attempt, ParsedLink, ResolveReport, Want } from '../schemas.js';
import { runAttempt, seconds, type AttemptEnv, type AttemptRun } from './attempt.js';
import { selectProviders } from './select-providers.js';
import { runStrategy } from './strategies.js';
import type { ResolveEvent, ResolveOptions, Resolver, ResolverOptions } from './types.js';
import { startTimer } from './timer.js';
import { decideVerdict } from './verdict.js';

export const RESOLVER_DEFAULTS = {
  strategy: 'hedged',
  hedgeDelayMs: 2000,
  providerTimeoutMs: 30_000,
  totalTimeoutMs: 90_000,
} as const;

export function createResolver(options: ResolverOptions): Resolver {
  const providers = Object.freeze([...options.providers]);
  return {
    providers,
    resolve: (input, resolveOptions = {}) => resolveOnce(providers, options, input, resolveOptions),
  };
}

async function resolveOnce(
  providers: readonly Provider[],
  options: ResolverOptions,
  input: string,
  call: ResolveOptions,
): Promise<ResolveReport> {
  const t0 = performance.now();
  const logger = options.logger ?? silentLogger;
  const strategy = call.strategy ?? options.strategy ?? RESOLVER_DEFAULTS.strategy;
  const want: Want = call.want ?? 'auto';
  const totalTimeoutMs = call.totalTimeoutMs ?? options.totalTimeoutMs ?? RESOLVER_DEFAULTS.totalTimeoutMs;
  const emit = safeEmitter(call.onEvent, logger);
  const scope = createScope(call.signal, totalTimeoutMs);
  let link = parseLink(input);

  const finish = (parts: { attempts: Attempt[]; winner?: AttemptRun; error?: TiksaverError }): ResolveReport => {
    const report: ResolveReport = {
      input: link.input,
      link,
      ok: parts.winner !== undefined,
      attempts: parts.attempts,
      strategy,
      want,
      totalMs: Math.round(performance.now() - t0),
    };
    if (parts.winner) {
      report.provider = parts.winner.provider.id;
      report.result = parts.winner.resolution!;
    } else {
      report.error = (parts.error ?? new TiksaverError('CANCELLED', 'Nothing was tried.')).toJSON();
    }
    emit({ type: 'done', report });
    return report;
  };

  try {
    let early = linkError(link);
    if (!early && link.kind === 'short') {
      // Expanded once, here, so every provider sees the canonical link.
      try {
        link = await expand(link, options.http, scope.signal);
        logger.debug('short link expanded', { from: link.expandedFrom, to: link.url, kind: link.kind });
        early = linkError(link);
      } catch (error) {
        early = toTiksaverError(scope.signal.aborted ? scope.signal.reason : error, 'NETWORK');
      }
    }
    emit({ type: 'link', link });
    if (early) return finish({ attempts: [], error: early });

    const selection = selectProviders(providers, link, want, call);
    if (selection.error) return finish({ attempts: [], error: selection.error });
    for (const skipped of selection.skipped.values()) emit({ type: 'attempt-end', attempt: skipped });
    if (selection.runnable.length === 0) {
      return finish({ attempts: selection.ordered.map((p) => selection.skipped.get(p)!), error: selection.noneRunnable! });
    }

    const env: AttemptEnv = {
      link,
      want,
      http: () => options.http?.fork() ?? missingHttp,
      logger,
      providerTimeoutMs: call.providerTimeoutMs ?? options.providerTimeoutMs ?? RESOLVER_DEFAULTS.providerTimeoutMs,
      scope: scope.signal,
      emit,
    };
    const chain = await runStrategy(selection.runnable, (provider, stop) => runAttempt(provider, env, stop), {
      strategy,
      hedgeDelayMs: call.hedgeDelayMs ?? options.hedgeDelayMs ?? RESOLVER_DEFAULTS.hedgeDelayMs,
      scope: scope.signal,
    });

    const runs = new Map(selection.runnable.map((provider, index) => [provider, chain.runs[index]]));
    const attempts = selection.ordered.map((provider): Attempt => {
      const skipped = selection.skipped.get(provider);
      if (skipped) return skipped;
      const run = runs.get(provider);
      if (run) return run.attempt;
      const attempt: Attempt = { provider: provider.id, outcome: 'skipped', reason: chain.notStartedReason };
      emit({ type: 'attempt-end', attempt });
      return attempt;
    });
    logger.debug('providers tried', { strategy, attempts: attempts.map((a) => `${a.provider}:${a.error?.code ?? a.outcome}`) });
    if (chain.winner) return finish({ attempts, winner: chain.winner });

    const cancelled = scope.cancelled();
    const started = chain.runs.filter((run): run is AttemptRun => run !== undefined);
    return finish({ attempts, error: decideVerdict(started, link, cancelled) });
  } finally {
    scope.dispose();
  }
}

async function expand(link: ParsedLink, http: HttpClient | undefined, signal: AbortSignal): Promise<ParsedLink> {
  if (!http) {
    throw new TiksaverError('MISCONFIGURED', 'Short links need an HTTP client: pass `http` to createResolver().');
  }
  return expandLink(link, http.fork(), { signal });
}

/** The resolution's own abort signal: the caller's signal plus the total deadline. */
function createScope(external: AbortSignal | undefined, totalTimeoutMs: number) {
  const controller = new AbortController();
  const abort = (reason: TiksaverError) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onExternal = () =>
    abort(new TiksaverError('CANCELLED', 'The resolution was cancelled.', { cause: external?.reason }));
  if (external?.aborted) onExternal();
  external?.addEventListener('abort', onExternal, { once: true });
  const stopTimer = startTimer(totalTimeoutMs, () => {
    abort(
      new TiksaverError('TIMEOUT', `No provider answered within the total time limit of ${seconds(totalTimeoutMs)}.`, {
        hint: 'The services are slow right now. Try again, or raise the total time limit.',
      }),
    );
  });
  return {
    signal: controller.signal,
    /** The CANCELLED error when the caller cancelled (a deadline is not a cancellation). */
    cancelled(): TiksaverError | undefined {
      const reason: unknown = controller.signal.reason;
      return reason instanceof TiksaverError && reason.code === 'CANCELLED' ? reason : undefined;
    },
    dispose() {
      stopTimer();
      external?.removeEventListener('abort', onExternal);
    },
  };
}

function safeEmitter(onEvent: ((event: ResolveEvent) => void) | undefined, logger: { warn(message: string, data?: Record<string, unknown>): void }) {
  return (event: ResolveEvent) => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch (error) {
      // A UI bug must not break the resolution.
      logger.warn('onEvent listener threw', { event: event.type, error: String(error) });
    }
  };
}

const refuse = (): never => {
  throw new TiksaverError('MISCONFIGURED', 'This provider needs an HTTP client: pass `http` to createResolver().');
};

/** Stand-in when createResolver got no `http`: providers that never use HTTP still work. */
const missingHttp: HttpClient = {
  request: async () => refuse(),
  getText: async () => refuse(),
  getJson: async () => refuse(),
  cookies: { getCookieHeader: async () => '', setCookie: async () => refuse() },
  fork: () => missingHttp,
  setPace: () => {},
  isMapped: () => false,
};
