/**
 * Runs the benchmarks: every bench/*.mjs except this file, or the ones named on the command
 * line (`node bench/run.mjs download`). Each exports `default async function run()` returning
 * `{ name, metrics: [{ metric, value, unit, baseline?, ratio?, goal?, pass? }], notes? }`.
 * Results go to bench/results/<name>.json with machine info, and the table in
 * bench/README.md is regenerated from every results file present.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(BENCH, 'results');
const README = join(BENCH, 'README.md');
const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    date: new Date().toISOString(),
  };
}

/** Goals are strings like ">= 0.9", "< 100 MB" or "ratio >= 3"; "ratio" compares the ratio. */
export function evaluateGoal(metric) {
  if (typeof metric.pass === 'boolean') return metric.pass;
  if (!metric.goal) return undefined;
  const match = /^\s*(ratio\s*)?(<=|>=|<|>|=)\s*(-?[\d.]+)/.exec(String(metric.goal));
  if (!match) return undefined;
  const actual = match[1] ? metric.ratio : metric.value;
  if (typeof actual !== 'number') return undefined;
  const target = Number(match[3]);
  return { '<=': actual <= target, '>=': actual >= target, '<': actual < target, '>': actual > target, '=': actual === target }[match[2]];
}

async function benchFiles(names) {
  const all = (await readdir(BENCH)).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').sort();
  if (names.length === 0) return all;
  const wanted = names.map((n) => (n.endsWith('.mjs') ? n : `${n}.mjs`));
  const missing = wanted.filter((w) => !all.includes(w));
  if (missing.length) throw new Error(`No such benchmark: ${missing.join(', ')} (have: ${all.map((f) => basename(f, '.mjs')).join(', ')})`);
  return wanted;
}

function fmt(value) {
  if (typeof value !== 'number') return value ?? '';
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}

async function renderTable() {
  await mkdir(RESULTS, { recursive: true });
  const files = (await readdir(RESULTS)).filter((f) => f.endsWith('.json')).sort();
  const rows = ['| Benchmark | Metric | Value | Baseline | Ratio | Goal | Pass | Node / CPUs / date |', '|---|---|---|---|---|---|---|---|'];
  for (const file of files) {
    const result = JSON.parse(await readFile(join(RESULTS, file), 'utf8'));
    const m = result.machine ?? {};
    for (const metric of result.metrics ?? []) {
      const pass = evaluateGoal(metric);
      rows.push(
        `| ${result.name} | ${metric.metric} | ${fmt(metric.value)} ${metric.unit ?? ''} | ${metric.baseline !== undefined ? `${fmt(metric.baseline)} ${metric.baselineUnit ?? metric.unit ?? ''}` : ''} | ${fmt(metric.ratio)} | ${metric.goal ?? ''} | ${pass === undefined ? '' : pass ? 'yes' : '**no**'} | ${m.node ?? ''} / ${m.cpus ?? ''} / ${(m.date ?? '').slice(0, 10)} |`,
      );
    }
  }
  const notes = [];
  for (const file of files) {
    const result = JSON.parse(await readFile(join(RESULTS, file), 'utf8'));
    if (result.notes) notes.push(`- **${result.name}**: ${result.notes}`);
  }
  const table = [START, '', ...rows, '', ...notes, '', END].join('\n');
  let readme;
  try {
    readme = await readFile(README, 'utf8');
  } catch {
    readme = '# Benchmarks\n\nRun with `pnpm bench` (builds first), or `node bench/run.mjs [name]` after `pnpm build`.\n\n## Results\n\n';
  }
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  readme = start >= 0 && end > start ? readme.slice(0, start) + table + readme.slice(end + END.length) : `${readme.trimEnd()}\n\n${table}\n`;
  await writeFile(README, readme);
}

async function main() {
  const files = await benchFiles(process.argv.slice(2));
  await mkdir(RESULTS, { recursive: true });
  let failed = 0;
  for (const file of files) {
    const started = Date.now();
    process.stdout.write(`bench ${basename(file, '.mjs')} ... `);
    try {
      const mod = await import(pathToFileURL(join(BENCH, file)).href);
      const result = await mod.default();
      if (!result?.name || !Array.isArray(result.metrics)) throw new Error(`${file} returned no { name, metrics }`);
      const metrics = result.metrics.map((metric) => {
        const pass = evaluateGoal(metric);
        return pass === undefined ? metric : { ...metric, pass };
      });
      const out = { ...result, metrics, machine: machine(), durationMs: Date.now() - started };
      await writeFile(join(RESULTS, `${result.name}.json`), `${JSON.stringify(out, null, 2)}\n`);
      console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const metric of metrics) {
        const pass = metric.pass === undefined ? '' : metric.pass ? '  ok' : '  MISSED GOAL';
        console.log(`  ${metric.metric}: ${fmt(metric.value)} ${metric.unit ?? ''}${metric.ratio !== undefined ? ` (ratio ${fmt(metric.ratio)})` : ''}${metric.goal ? ` goal ${metric.goal}` : ''}${pass}`);
      }
    } catch (error) {
      failed++;
      console.log('FAILED');
      console.error(`  ${error instanceof Error ? error.stack : error}`);
    }
  }
  await renderTable();
  console.log(`table updated in ${README}`);
  if (failed) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
