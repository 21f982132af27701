/**
 * One sandbox per test file, started in the test process over real sockets; the CLI child
 * reaches it through --host-map (or TIKSAVER_HOST_MAP) and --cobalt-url.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@tiksaver/sandbox';

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
