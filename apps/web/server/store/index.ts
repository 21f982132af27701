/** Picks the store: Redis when a URL is configured (several instances), else memory. */
import { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { Store } from './types.js';

export interface StoreOptions extends MemoryStoreOptions {
  redisUrl?: string;
  log?: (message: string) => void;
}

export function createStore({ redisUrl, ...options }: StoreOptions = {}): Store {
  return redisUrl ? createRedisStore({ ...options, url: redisUrl }) : createMemoryStore(options);
}

export type * from './types.js';
export { HEALTH_WINDOW_MS, MINUTE_MS } from './types.js';
