/**
 * One sandbox per test file, started in the test process over real sockets; the CLI child
 * reaches it through --host-map (or TIKSAVER_HOST_MAP) and --cobalt-url.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@tiksaver/sandbox';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from './helpers.js';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const MEDIA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../packages/sandbox/media');

export function mediaFile(name: string): Buffer {
  return readFileSync(resolve(MEDIA_DIR, name));
}

export function scenario(sandbox: Sandbox, id: string) {
  const found = sandbox.scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`no sandbox scenario ${id}`);
  return found;
}

/** Flags that point every provider at the sandbox. */
export function sandboxFlags(sandbox: Sandbox): string[] {
  return ['--host-map', sandbox.hostMapString, '--cobalt-url', sandbox.urls.cobalt!];
}

export { startSandbox };

export interface FileFixture {
  readonly sandbox: Sandbox;
  /** A temp dir for the file's runs (HOME and output), removed afterwards. */
  readonly dir: { path: string; cleanup(): Promise<void> };
}

/** One sandbox and one temp dir for the whole test file, opened before and closed after it. */
export function sandboxPerFile(): FileFixture {
  const fixture = {} as { sandbox: Sandbox; dir: FileFixture['dir'] };
  beforeAll(async () => {
    fixture.sandbox = await startSandbox();
    fixture.dir = await tempDir();
  });
  afterAll(async () => {
    await fixture.sandbox?.close();
    await fixture.dir?.cleanup();
  });
  return fixture;
}
