/**
 * CLI start-up: `tiksaver --help` as extra milliseconds over a bare `node -e 0`, both
 * measured in this run (median of N alternating runs), and the same for `yt-dlp --version`
 * when it is installed. Goal: <= 80 ms over bare node.
 */
import { spawnSync } from 'node:child_process';
import { builtPath, requireBuilt } from './lib/built.mjs';
import { alternate, median, round } from './lib/stats.mjs';

const CLI = builtPath('apps/cli/dist/tiksaver.js');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);

function timeOnce(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? `exit ${r.status}`}`);
  return ms;
}

/** The command's --version output, or undefined when it is not installed. */
function versionOf(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0 ? r.stdout.trim().split('\n')[0] : undefined;
}

export default async function run() {
  requireBuilt(CLI);
  const node = process.execPath;
  const ytdlpVersion = versionOf('yt-dlp');
  const ytdlp = ytdlpVersion !== undefined;
  // Warm the file cache, then alternate so machine load hits every series alike.
  timeOnce(node, ['-e', '0']);
  timeOnce(node, [CLI, '--help']);
  const { bare, cli, yt } = await alternate(RUNS, {
    bare: () => timeOnce(node, ['-e', '0']),
    cli: () => timeOnce(node, [CLI, '--help']),
    ...(ytdlp && { yt: () => timeOnce('yt-dlp', ['--version']) }),
  });
  const bareMs = median(bare);
  const cliExtra = median(cli) - bareMs;
  const metrics = [
    {
      metric: 'tiksaver --help start-up over bare node',
      value: round(cliExtra, 1),
      unit: 'ms',
      baseline: round(bareMs, 1),
      ratio: round(median(cli) / bareMs),
      goal: '<= 80 ms',
    },
  ];
  const notes = [`median of ${RUNS} runs each; baseline = bare \`node -e 0\` (${bareMs.toFixed(1)} ms) in the same run`];
  if (ytdlp) {
    notes.push(`yt-dlp ${ytdlpVersion} (Python) measured the same way`);
    const ytExtra = median(yt) - bareMs;
    metrics.push({
      metric: 'yt-dlp --version start-up over bare node',
      value: round(ytExtra, 1),
      unit: 'ms',
      baseline: round(bareMs, 1),
      ratio: round(median(yt) / bareMs),
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
