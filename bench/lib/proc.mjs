/** Child processes of the benchmarks: start and wait until ready, stop, and what /proc says about them. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtPath } from './built.mjs';

/** The built web server; BENCH_WEB_SERVER points at another build for an A/B (e.g. a copy of an older dist/). */
export const WEB_SERVER = process.env.BENCH_WEB_SERVER ?? builtPath('apps/web/dist/server.js');

/** Spawns a child and resolves once its stdout matches `ready` (30 s at most). `env` is its whole environment. */
export function startChild(command, args, env, ready) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`${command} did not start: ${output.slice(-400)}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        done({ child, match });
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${command} exited with ${code}: ${output.slice(-400)}`));
    });
  });
}

/** The built web server (`node apps/web/dist/server.js`, the README's command) on a free port. */
export async function startWebServer(env, args = [], nodeFlags = []) {
  const { child, match } = await startChild(process.execPath, [...nodeFlags, WEB_SERVER, '--port', '0', ...args], env, /running at (http:\/\/\S+)/);
  return { child, url: match[1] };
}

/**
 * Node flags that let liveHeapBytes() ask the process for its live JS heap: on SIGUSR2 it
 * runs a full GC and prints what survived. Measurement only: what RSS cannot tell apart
 * (retained objects vs a heap V8 chose to keep large) this can.
 */
export const LIVE_HEAP_FLAGS = [
  '--expose-gc',
  `--import=data:text/javascript,${encodeURIComponent("process.on('SIGUSR2', () => { gc(); gc(); process.stderr.write(`live-heap ${process.memoryUsage().heapUsed}\\n`); });")}`,
];

/** Live JS heap after a full GC, in bytes, of a child started with LIVE_HEAP_FLAGS. */
export function liveHeapBytes(child) {
  return new Promise((done, fail) => {
    let text = '';
    const timer = setTimeout(() => finish(new Error('no live-heap answer in 30 s')), 30_000);
    const onData = (chunk) => {
      text += chunk.toString();
      const match = /live-heap (\d+)/.exec(text);
      if (match) finish(undefined, Number(match[1]));
    };
    const finish = (error, bytes) => {
      clearTimeout(timer);
      child.stderr.off('data', onData);
      if (error) fail(error);
      else done(bytes);
    };
    child.stderr.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/** SIGTERM, resolved once the child has exited. */
export function stop(child) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** Resident memory now and its high-water mark (reset by writing 5 to /proc/PID/clear_refs), in KB. */
export function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKB: kb('VmRSS'), hwmKB: kb('VmHWM') };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
