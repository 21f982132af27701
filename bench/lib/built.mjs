/** Where the benchmarks find the built packages, and a clear error when the build is missing. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of a file in the repository, e.g. builtPath('packages/core/dist/index.js'). */
export function builtPath(relative) {
  return resolve(ROOT, relative);
}

/** Throws when any of these built files is missing (run `pnpm build` first). */
export function requireBuilt(...files) {
  for (const file of files) if (!existsSync(file)) throw new Error(`${file} is missing: run the build first (pnpm build)`);
}

/** import() of a built file by path. */
export function importBuilt(file) {
  return import(pathToFileURL(file).href);
}
