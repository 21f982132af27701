/**
 * The web server's shared state behind one small interface, so one process keeps it in
 * memory (the default, no dependency) and several instances keep it in Redis
 * (TIKSAVER_REDIS_URL). Everything here is a cache or a counter: losing it costs upstream
 * requests or a fresh rate-limit window, never a user's data (docs/DEPLOY.md).
 */

export type StoreMode = 'memory' | 'redis';

export interface StoreState {
  mode: StoreMode;
  /** memory: always true; redis: the connection is ready. */
  connected: boolean;
  /** Redis configured but unreachable: this instance runs on its own memory for now. */
  degraded: boolean;
  /** Last connection error (redis), in plain words. */
  lastError?: string;
  /** When `connected` last changed, epoch ms. */
  since: number;
}

export interface WindowSettings {
  /** Points allowed per window. */
  limit: number;
  windowMs: number;
}

export interface ConsumeResult {
  allowed: boolean;
  /** Points left in this window (0 when refused). */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Fixed-window counters, atomic across instances in Redis mode. */
export interface CounterStore {
  consume(name: string, key: string, settings: WindowSettings, points?: number): Promise<ConsumeResult>;
}

/**
 * Short-lived values (JSON text) in namespaces: `report` (resolved reports, by report id),
 * `resolve` (resolution key -> report id), `failure` (failed reports, a few seconds),
 * `stories` (story lists). Values are text so both implementations bound them by size alike.
 */
export interface CacheStore {
  get(ns: string, key: string): Promise<string | undefined>;
  /** ttlMs <= 0 stores nothing. */
  set(ns: string, key: string, value: string, ttlMs: number): Promise<void>;
  delete(ns: string, key: string): Promise<void>;
  /** A short exclusive claim (coalescing one resolve across instances): true if this caller holds it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

/** One outcome of one provider (or `native/<route>` for native's page routes). */
export interface HealthOutcome {
  provider: string;
  ok: boolean;
  /** Error code when not ok. */
  code?: string;
  message?: string;
  at: number;
}

export interface HealthMinute {
  /** Start of the minute, epoch ms. */
  minute: number;
  ok: number;
  failed: number;
}

export interface ProviderHealth {
  provider: string;
  ok: number;
  failed: number;
  /** Per minute over the window asked for, oldest first; minutes without outcomes omitted. */
  minutes: HealthMinute[];
  lastError?: { code: string; message: string; at: number };
  lastOkAt?: number;
}

export interface HealthStore {
  record(outcomes: HealthOutcome[]): Promise<void>;
  /** Outcomes of the last `windowMs` (at most an hour), per provider. */
  read(windowMs: number, now?: number): Promise<ProviderHealth[]>;
}

/**
 * Cluster-wide spacing of requests to one host (tikwm allows 1 request/s per IP): reserves
 * the next slot and says how long to wait for it. Memory mode: 0 (the HTTP client's own
 * per-process pacer does the spacing).
 */
export interface PaceStore {
  reserve(host: string, intervalMs: number): Promise<number>;
}

export interface Store {
  readonly mode: StoreMode;
  state(): StoreState;
  counters: CounterStore;
  cache: CacheStore;
  health: HealthStore;
  pace: PaceStore;
  close(): Promise<void>;
}

export const HEALTH_WINDOW_MS = 60 * 60_000;
export const MINUTE_MS = 60_000;
