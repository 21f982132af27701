/**
 * The shared store for several instances (TIKSAVER_REDIS_URL). ioredis, chosen for
 * degradation: with the offline queue off a command fails at once while the connection is
 * down (instead of piling up behind a dead socket), `status` says whether it is ready, it
 * reconnects by itself with a capped backoff, and Lua scripts are defined once and run by
 * EVALSHA. Every operation falls back to this instance's memory store while Redis is gone:
 * requests still resolve, rate limits become per instance (logged once), health shows the
 * degradation; when Redis is back the shared state is used again.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { createMemoryStore, summarise, toConsumeResult, windowSeconds, type MemoryStoreOptions } from './memory-store.js';
import { HEALTH_WINDOW_MS, MINUTE_MS, type CounterStore, type HealthOutcome, type ProviderHealth, type Store, type StoreState } from './types.js';

export interface RedisStoreOptions extends MemoryStoreOptions {
  url: string;
  /** Key prefix, so one Redis can serve several deployments. Default 'tiksaver:'. */
  prefix?: string;
  /** Largest single cached value kept in Redis (bigger ones stay out). Default 2 MiB. */
  maxEntryBytes?: number;
  /** Where state changes are reported (a warning when Redis is lost, a line when it is back). */
  log?: (message: string) => void;
}

// Reserves the next slot for a host across every instance, on Redis' clock (instances'
// clocks may differ): returns how many ms the caller waits before sending.
const PACE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nextAt)
redis.call('SET', KEYS[1], start + interval, 'PX', start - now + interval + 1000)
return start - now`;

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const COMMAND_TIMEOUT_MS = 1000;
const SKIP_AFTER_FAILURE_MS = 2000;

/** Names this process's claims, so it only ever releases its own. */
const claimToken = randomBytes(9).toString('base64url');

type ScriptedRedis = Redis & {
  tiksaverPace(key: string, intervalMs: number): Promise<number>;
  tiksaverRelease(key: string, token: string): Promise<number>;
};

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e?.code ? `${e.code}${e.message && !e.message.includes(e.code) ? ` (${e.message})` : ''}` : String(e?.message ?? error);
}

export function createRedisStore(options: RedisStoreOptions): Store {
  const { url, prefix = 'tiksaver:', maxEntryBytes = 2 * 2 ** 20, log = (m) => console.warn(`[tiksaver web] ${m}`) } = options;
  const now = options.now ?? Date.now;
  const local = createMemoryStore(options);
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // A Redis that hangs (not closed, just silent) must not hang requests: fail over instead.
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Keep trying for ever, at most once a second: Redis coming back must be noticed soon.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
    lazyConnect: false,
  }) as ScriptedRedis;
  redis.defineCommand('tiksaverPace', { numberOfKeys: 1, lua: PACE_SCRIPT });
  redis.defineCommand('tiksaverRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });

  const state: StoreState = { mode: 'redis', connected: false, degraded: true, since: now() };
  let warned = false;
  let closing = false;
  const lose = (why: string) => {
    if (closing) return;
    state.lastError = why;
    if (state.connected || !warned) {
      state.connected = false;
      state.degraded = true;
      state.since = now();
      warned = true;
      log(`Redis unavailable (${why}): serving from this instance's memory; rate limits are per instance until it is back.`);
    }
  };
  const regain = () => {
    if (closing || state.connected) return;
    if (warned) log('Redis is back: shared rate limits, caches and health again.');
    state.connected = true;
    state.degraded = false;
    state.since = now();
    warned = false;
  };
  redis.on('ready', regain);
  // ioredis emits 'error' for every failed (re)connect; with a listener it never throws.
  redis.on('error', (error: unknown) => lose(describeError(error)));
  redis.on('close', () => {
    if (state.connected) lose('connection closed');
  });

  // After a failed command (a Redis that hangs rather than closes: commandTimeout), skip it
  // for a moment so that each request does not wait for its own timeout.
  let skipUntil = 0;
  redis.on('ready', () => (skipUntil = 0));
  const ready = () => redis.status === 'ready' && now() >= skipUntil;
  /** Runs op on Redis when it is ready, else (or when it fails) the fallback. */
  async function shared<T>(op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (!ready()) return fallback();
    try {
      const result = await op();
      // A Redis that hung and answers again never closed the connection: no 'ready' event.
      regain();
      return result;
    } catch (error) {
      skipUntil = now() + SKIP_AFTER_FAILURE_MS;
      lose(describeError(error));
      return fallback();
    }
  }
  const key = (...parts: string[]) => prefix + parts.join(':');

  const limiters = new Map<string, { shared: RateLimiterRedis; insurance: RateLimiterMemory }>();
  const counters: CounterStore = {
    async consume(name, clientKey, settings, points = 1) {
      const id = `${name}:${settings.limit}:${settings.windowMs}`;
      let limiter = limiters.get(id);
      if (!limiter) {
        const common = { keyPrefix: key('rl', name), points: settings.limit, duration: windowSeconds(settings) };
        // rate-limiter-flexible's atomic INCRBY+PTTL script; its insurance limiter is the
        // per-instance fallback while Redis is unreachable.
        const insurance = new RateLimiterMemory(common);
        limiter = { shared: new RateLimiterRedis({ ...common, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: insurance }), insurance };
        limiters.set(id, limiter);
      }
      const usable = ready();
      if (!usable) lose(state.lastError ?? 'not connected');
      try {
        const started = now();
        const result = await (usable ? limiter.shared : limiter.insurance).consume(clientKey, points);
        // The library answers from its insurance when a command fails; skip Redis for a while then too.
        if (usable && now() - started >= COMMAND_TIMEOUT_MS) {
          skipUntil = now() + SKIP_AFTER_FAILURE_MS;
          lose(`no answer within ${COMMAND_TIMEOUT_MS} ms`);
        } else if (usable) regain();
        return toConsumeResult(result, true);
      } catch (error) {
        if (error instanceof RateLimiterRes) return toConsumeResult(error, false);
        throw error;
      }
    },
  };

  return {
    mode: 'redis',
    state: () => ({ ...state }),
    counters,
    cache: {
      get: (ns, k) => shared(async () => (await redis.get(key(ns, k))) ?? undefined, () => local.cache.get(ns, k)),
      set: (ns, k, value, ttlMs) =>
        ttlMs <= 0 || value.length > maxEntryBytes
          ? Promise.resolve()
          : shared(
              async () => {
                await redis.set(key(ns, k), value, 'PX', Math.ceil(ttlMs));
              },
              () => local.cache.set(ns, k, value, ttlMs),
            ),
      delete: (ns, k) =>
        shared(
          async () => {
            await redis.del(key(ns, k));
          },
          () => local.cache.delete(ns, k),
        ),
      claim: (k, ttlMs) => shared(async () => (await redis.set(key('claim', k), claimToken, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK', () => local.cache.claim(k, ttlMs)),
      release: (k) =>
        shared(
          async () => {
            await redis.tiksaverRelease(key('claim', k), claimToken);
          },
          () => local.cache.release(k),
        ),
    },
    health: {
      record: (outcomes) => shared(() => recordHealth(outcomes), () => local.health.record(outcomes)),
      read: (windowMs, at = now()) => shared(() => readHealth(windowMs, at), () => local.health.read(windowMs, at)),
    },
    pace: {
      reserve: (host, intervalMs) => shared(async () => Number(await redis.tiksaverPace(key('pace', host), Math.ceil(intervalMs))), () => local.pace.reserve(host, intervalMs)),
    },
    async close() {
      closing = true;
      redis.disconnect(false);
      await local.close();
    },
  };

  async function recordHealth(outcomes: HealthOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const batch = redis.multi();
    for (const outcome of outcomes) {
      const bucket = key('health', String(Math.floor(outcome.at / MINUTE_MS) * MINUTE_MS));
      batch.hincrby(bucket, `${outcome.provider}|${outcome.ok ? 'ok' : 'failed'}`, 1);
      batch.pexpire(bucket, HEALTH_WINDOW_MS + 5 * MINUTE_MS);
      if (outcome.ok) batch.hset(key('health', 'last-ok'), outcome.provider, String(outcome.at));
      else batch.hset(key('health', 'last-error'), outcome.provider, JSON.stringify({ code: outcome.code ?? 'UNKNOWN', message: outcome.message ?? '', at: outcome.at }));
    }
    await batch.exec();
  }

  async function readHealth(windowMs: number, at: number): Promise<ProviderHealth[]> {
    const first = Math.floor((at - Math.min(windowMs, HEALTH_WINDOW_MS)) / MINUTE_MS) * MINUTE_MS;
    const minutes: number[] = [];
    for (let m = first; m <= at; m += MINUTE_MS) minutes.push(m);
    const batch = redis.pipeline();
    for (const m of minutes) batch.hgetall(key('health', String(m)));
    batch.hgetall(key('health', 'last-error'));
    batch.hgetall(key('health', 'last-ok'));
    const results = (await batch.exec()) ?? [];
    const rows = new Map<string, { provider: string; minutes: Array<{ minute: number; ok: number; failed: number }>; lastError?: ProviderHealth['lastError']; lastOkAt?: number }>();
    const row = (provider: string) => {
      let r = rows.get(provider);
      if (!r) rows.set(provider, (r = { provider, minutes: [] }));
      return r;
    };
    minutes.forEach((minute, i) => {
      const fields = (results[i]?.[1] ?? {}) as Record<string, string>;
      const perProvider = new Map<string, { minute: number; ok: number; failed: number }>();
      for (const [field, count] of Object.entries(fields)) {
        const cut = field.lastIndexOf('|');
        const provider = field.slice(0, cut);
        const entry = perProvider.get(provider) ?? { minute, ok: 0, failed: 0 };
        if (field.slice(cut + 1) === 'ok') entry.ok += Number(count);
        else entry.failed += Number(count);
        perProvider.set(provider, entry);
      }
      for (const [provider, entry] of perProvider) row(provider).minutes.push(entry);
    });
    const lastErrors = (results[minutes.length]?.[1] ?? {}) as Record<string, string>;
    for (const [provider, json] of Object.entries(lastErrors)) {
      try {
        row(provider).lastError = JSON.parse(json) as ProviderHealth['lastError'];
      } catch {
        // A damaged entry is only a missing "last error".
      }
    }
    const lastOks = (results[minutes.length + 1]?.[1] ?? {}) as Record<string, string>;
    for (const [provider, value] of Object.entries(lastOks)) row(provider).lastOkAt = Number(value);
    return summarise([...rows.values()], windowMs, at);
  }
}
