/**
 * What the apps and the benchmarks use of this package, and nothing more: adapters, their
 * parsers and per-service tables stay internal (tests import them by path from src/).
 */

// Configuration: flags, environment and file into one TiksaverConfig.
export { loadConfig, readConfigFile, PROVIDER_IDS, type ProviderId, type TiksaverConfig } from './config.js';

// The providers in their order, and how to list them.
export { createDefaultProviders } from './registry.js';
export { describeProviders, type ProviderRow } from './describe.js';
export { NATIVE_DEFAULT_BASE_URL } from './native/index.js';

// A creator's current stories.
export {
  emptyListHint,
  listStories,
  noStorySentence,
  resolveProfileTarget,
  type ProfileRef,
  type StoryListing,
  type StorySummary,
} from './stories/index.js';

// The native resolver's parts that bench/parse.mjs and bench/story.mjs measure.
export { createNativeProvider } from './native/index.js';
export { PAGE_ROUTES } from './native/request.js';
export { parseItemPage } from './native/parse.js';
