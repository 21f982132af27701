/**
 * CLI start-up: `tiksaver --help` as extra milliseconds over a bare `node -e 0`, both
 * measured in this run (median of N alternating runs), and the same for `yt-dlp --version`
 * when it is installed. Goal: <= 80 ms over bare node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = resolve(ROOT, 'apps/cli/dist/tiksaver.js');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);

function timeOnce(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? `exit ${r.status}`}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The command's --version output, or undefined when it is not installed. */
function versionOf(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0 ? r.stdout.trim().split('\n')[0] : undefined;
}

export default async function run() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run the build first (pnpm build)`);
  const node = process.execPath;
  const ytdlpVersion = versionOf('yt-dlp');
  const ytdlp = ytdlpVersion !== undefined;
  const bare = [];
  const cli = [];
  const yt = [];
  // Warm the file cache, then alternate so machine load hits every series alike.
  timeOnce(node, ['-e', '0']);
  timeOnce(node, [CLI, '--help']);
  for (let i = 0; i < RUNS; i++) {
    bare.push(timeOnce(node, ['-e', '0']));
    cli.push(timeOnce(node, [CLI, '--help']));
    if (ytdlp) yt.push(timeOnce('yt-dlp', ['--version']));
  }
  const bareMs = median(bare);
  const cliExtra = median(cli) - bareMs;
  const metrics = [
    {
      metric: 'tiksaver --help start-up over bare node',
      value: Math.round(cliExtra * 10) / 10,
      unit: 'ms',
      baseline: Math.round(bareMs * 10) / 10,
      ratio: Math.round((median(cli) / bareMs) * 100) / 100,
      goal: '<= 80 ms',
    },
  ];
  const notes = [`median of ${RUNS} runs each; baseline = bare \`node -e 0\` (${bareMs.toFixed(1)} ms) in the same run`];
  if (ytdlp) {
    notes.push(`yt-dlp ${ytdlpVersion} (Python) measured the same way`);
    const ytExtra = median(yt) - bareMs;
    metrics.push({
      metric: 'yt-dlp --version start-up over bare node',
      value: Math.round(ytExtra * 10) / 10,
      unit: 'ms',
      baseline: Math.round(bareMs * 10) / 10,
      ratio: Math.round((median(yt) / bareMs) * 100) / 100,
    });
  } else {
    notes.push('yt-dlp: not installed, so no comparison in this run');
  }
  return { name: 'cli', metrics, notes: notes.join('; ') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  console.log(JSON.stringify(result, null, 2));
}
