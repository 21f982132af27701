/**
 * Builds dist/tiksaver.js when it is missing or older than any source it bundles
 * (apps/cli/src and the workspace packages' src), so the tests always run the real bundle.
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

export default function setup(): void {
  const sources = [join(cliDir, 'src'), join(cliDir, 'tsup.config.ts'), ...['core', 'providers', 'sandbox'].map((p) => join(root, 'packages', p, 'src'))];
  const newestSource = Math.max(...sources.map((s) => (existsSync(s) && statSync(s).isDirectory() ? newestMtime(s) : existsSync(s) ? statSync(s).mtimeMs : 0)));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource) return;
  execFileSync('npx', ['tsup'], { cwd: cliDir, stdio: 'inherit', timeout: 170_000 });
}
