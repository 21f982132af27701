/**
 * How providers are scheduled. All three strategies are small functions over the same
 * attempt runner:
 * - hedged: provider i+1 starts when provider i failed or has not answered within
 *   hedgeDelayMs; the first good result wins (p-any) and the others are stopped;
 * - sequential: hedged with an infinite delay, i.e. strictly one after another;
 * - all: everyone at once, to the end, for side-by-side comparison.
 * A final error stops hedged/sequential chains; `all` ignores finality.
 */
import pAny from 'p-any';
import type { Provider } from '../provider.js';
import type { AttemptReason, Strategy } from '../schemas.js';
import { TiksaverError } from '../errors.js';
import type { AttemptRun } from './attempt.js';
import { stopReason } from './stop.js';
import { startTimer } from './timer.js';

export type StartAttempt = (provider: Provider, stop: AbortSignal) => Promise<AttemptRun>;

export interface ChainOutcome {
  /** One entry per provider, in the given order; undefined = never started. */
  runs: Array<AttemptRun | undefined>;
  /** Why providers that never started were left out. */
  notStartedReason: AttemptReason;
  winner?: AttemptRun;
}

export interface ChainOptions {
  strategy: Strategy;
  hedgeDelayMs: number;
  /** Aborted when the resolution as a whole ends (cancel, total deadline); its reason is a TiksaverError. */
  scope: AbortSignal;
}

export function runStrategy(providers: Provider[], start: StartAttempt, options: ChainOptions): Promise<ChainOutcome> {
  if (options.strategy === 'all') return runAll(providers, start);
  const delay = options.strategy === 'sequential' ? Number.POSITIVE_INFINITY : Math.max(0, options.hedgeDelayMs);
  return runHedged(providers, start, delay, options.scope);
}

async function runAll(providers: Provider[], start: StartAttempt): Promise<ChainOutcome> {
  const never = new AbortController().signal;
  const runs = await Promise.all(providers.map((provider) => start(provider, never)));
  return { runs, notStartedReason: { why: 'not-started' }, winner: runs.find((run) => run.attempt.outcome === 'ok') };
}

async function runHedged(providers: Provider[], start: StartAttempt, hedgeDelayMs: number, scope: AbortSignal): Promise<ChainOutcome> {
  const runs: Array<AttemptRun | undefined> = providers.map(() => undefined);
  const stops = providers.map(() => new AbortController());
  const gates = providers.map(() => gate());
  let haltedBecause: AttemptReason | undefined;

  const open = (index: number) => gates[index]?.open();
  const halt = (reason: AttemptReason, { abortRunning = true } = {}) => {
    if (haltedBecause !== undefined) return;
    haltedBecause = reason;
    const stop = stopReason(reason);
    for (const [index, controller] of stops.entries()) {
      gates[index]!.close(stop);
      if (abortRunning) controller.abort(stop);
    }
  };
  // Running attempts watch the scope themselves (and record CANCELLED or TIMEOUT); here
  // we only make sure nobody new starts.
  const onScope = () => halt(endedReason(scope.reason), { abortRunning: false });
  scope.addEventListener('abort', onScope, { once: true });
  if (scope.aborted) onScope();

  const tasks = providers.map(async (provider, index) => {
    await gates[index]!.opened;
    if (haltedBecause !== undefined) throw stopReason(haltedBecause);
    const stopHedge = startTimer(hedgeDelayMs, () => open(index + 1));
    const run = await start(provider, stops[index]!.signal);
    stopHedge();
    runs[index] = run;
    if (run.attempt.outcome === 'ok') return run;
    if (run.error?.final) halt({ why: 'final', code: run.error.code, provider: provider.id });
    else open(index + 1);
    throw run.error ?? new Error('cancelled');
  });
  open(0);

  let winner: AttemptRun | undefined;
  try {
    winner = await pAny(tasks);
    halt({ why: 'not-needed', winner: winner.provider.id });
  } catch {
    // Every provider failed or was stopped; the verdict reads their records.
  }
  await Promise.allSettled(tasks);
  scope.removeEventListener('abort', onScope);
  return { runs, notStartedReason: haltedBecause ?? { why: 'not-started' }, ...(winner && { winner }) };
}

/** A one-shot latch: opened starts the provider, closed means it never will. */
function gate() {
  let open!: () => void;
  let close!: (reason: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    close = reject;
  });
  opened.catch(() => {});
  return { opened, open, close };
}

/** The scope ends with a CANCELLED or TIMEOUT TiksaverError (create-resolver.ts createScope). */
function endedReason(reason: unknown): AttemptReason {
  const code = reason instanceof TiksaverError && reason.code === 'TIMEOUT' ? 'TIMEOUT' : 'CANCELLED';
  return { why: 'ended', code, message: reason instanceof Error ? reason.message : String(reason) };
}
