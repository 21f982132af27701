export * from './errors.js';
export * from './schemas.js';
export * from './provider.js';
export type * from './http/types.js';
export type * from './download/types.js';
export type * from './engine/types.js';
export * from './http/index.js';
export * from './download/index.js';
