/**
 * What the apps and the benchmarks use of this package, and nothing more: adapters, their
 * parsers and per-service tables stay internal (tests import them by path from src/).
 */

// The one assembly both apps call: config in; HTTP client, providers in order, resolver out.
export { assembleProduct, type AssembleOptions, type Product } from './assemble.js';

// Configuration: flags, environment and file into one TiksaverConfig, from one settings table.
export { loadConfig, readConfigFile, readFlags, settingNames, SETTINGS, PROVIDER_IDS, type ConfigLayer, type ProviderId, type TiksaverConfig } from './config.js';
export { CONFIG_FILE_NAMES, findConfigFile, type ConfigFileChoice } from './config-file.js';
export { sandboxSettings, type SandboxWiring } from './sandbox-wiring.js';
export { defineSettings, readSettings, type Env, type SettingSpec, type SettingTable, type SettingValues } from './setting-table.js';
export * as configValues from './config-values.js';

// The providers in their order, and how to list them.
export { chooseProviders, createDefaultProviders } from './registry.js';
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
