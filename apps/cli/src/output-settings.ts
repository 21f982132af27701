/**
 * Checks the output template and directory before anything is fetched, so a bad -o or -P
 * is a usage error (exit 2) with words about the option, not a failed save after the
 * resolvers have run.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { renderTemplate, TiksaverError } from '@tiksaver/core';
import type { TiksaverConfig } from '@tiksaver/providers';
import { UsageError } from './options.js';

/** Stand-in values: enough for the template to render, so only its shape is judged. */
const SAMPLE_FIELDS = { id: '7000000000000000000', kind: 'video', ext: 'mp4', author: 'creator', index: 1, count: 2 };

export async function checkOutputSettings(
  config: Pick<TiksaverConfig, 'outputTemplate' | 'outputDir' | 'restrictFilenames'>,
  { willSave }: { willSave: boolean },
): Promise<void> {
  if (config.outputTemplate !== undefined) {
    try {
      renderTemplate(config.outputTemplate, SAMPLE_FIELDS, { restrictFilenames: config.restrictFilenames ?? false });
    } catch (error) {
      if (error instanceof TiksaverError) throw new UsageError(`-o/--output: ${error.message}`);
      throw error;
    }
  }
  if (config.outputDir !== undefined) {
    const info = await stat(config.outputDir).catch(() => undefined);
    // A missing directory is created when saving; a file in its place never works.
    if (info && !info.isDirectory()) throw new UsageError(`-P/--paths: "${config.outputDir}" is a file, not a directory`);
    if (!info && willSave) await createDir(config.outputDir);
  }
}

/**
 * Creates the directory one level at a time. Node's mkdir({ recursive: true }) spins
 * forever where mkdir answers ENOENT under an existing parent (/proc, /sys), and a
 * plain loop also names the level that failed.
 */
async function createDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!(await stat(at).catch(() => undefined))) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return;
      throw new UsageError(`-P/--paths: cannot create the directory ${level} (${error.code ?? error.message})`);
    });
  }
}
