/**
 * Checks the output template and directory before anything is fetched, so a bad -o or -P
 * is a usage error (exit 2) with words about the option, not a failed save after the
 * resolvers have run.
 */
import { stat } from 'node:fs/promises';
import { renderTemplate, TiksaverError } from '@tiksaver/core';
import type { TiksaverConfig } from '@tiksaver/providers';
import { UsageError } from './options.js';

/** Stand-in values: enough for the template to render, so only its shape is judged. */
const SAMPLE_FIELDS = { id: '7000000000000000000', kind: 'video', ext: 'mp4', author: 'creator', index: 1, count: 2 };

export async function checkOutputSettings(config: Pick<TiksaverConfig, 'outputTemplate' | 'outputDir' | 'restrictFilenames'>): Promise<void> {
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
  }
}
