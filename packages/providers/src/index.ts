export * from './native/index.js';
export * from './snaptik/index.js';
export * from './vidgap/index.js';
export * from './tikdown/index.js';
export * from './tikwm/index.js';
export * from './cobalt/index.js';
export type * from './shared/settings.js';
