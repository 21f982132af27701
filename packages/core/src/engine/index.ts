export { createResolver, RESOLVER_DEFAULTS } from './create-resolver.js';
export { selectItems, hasWanted } from './select-items.js';
export { VERDICT_PRIORITY } from './verdict.js';
