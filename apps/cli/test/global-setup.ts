/**
 * Builds dist/tiksaver.js when it is missing or older than any source it bundles
 * (apps/cli/src and the workspace packages' src), so the tests always run the real bundle.
 * `--sandbox` runs packages/sandbox/dist (not bundled): built here only when missing, since
 * other projects may be reading it (`pnpm test` builds everything first anyway).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(cliDir, '../..');
const bundle = join(cliDir, 'dist', 'tiksaver.js');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function newest(paths: string[]): number {
  return Math.max(...paths.map((p) => (!existsSync(p) ? 0 : statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
}

function buildIfStale(output: string, sources: string[], cwd: string): void {
  if (existsSync(output) && statSync(output).mtimeMs >= newest(sources)) return;
  execFileSync('npx', ['tsup'], { cwd, stdio: 'inherit', timeout: 170_000 });
}

export default function setup(): void {
  const packages = (...names: string[]) => names.map((p) => join(root, 'packages', p, 'src'));
  const sandboxDir = join(root, 'packages', 'sandbox');
  if (!existsSync(join(sandboxDir, 'dist', 'index.js'))) execFileSync('npx', ['tsup'], { cwd: sandboxDir, stdio: 'inherit', timeout: 170_000 });
  buildIfStale(bundle, [join(cliDir, 'src'), join(cliDir, 'tsup.config.ts'), ...packages('core', 'providers', 'sandbox')], cliDir);
}
