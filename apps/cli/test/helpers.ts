/** Runs the built CLI as a child process, with a clean environment and a temp home. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'tiksaver.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Starts the CLI and hands back the child (to signal it) and its eventual result. */
export function startCli(args: string[], options: RunOptions = {}): { child: ChildProcess; result: Promise<CliResult>; stderr(): string } {
  let child!: ChildProcess;
  let stderrSoFar = '';
  const result = new Promise<CliResult>((resolvePromise, reject) => {
    child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (!child.stdout || !child.stderr || !child.stdin) throw new Error('no stdio');
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      stderrSoFar = stderr;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 80_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
  return { child, result, stderr: () => stderrSoFar };
}

/** Polls until check() is true (no fixed sleeps racing the child). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function tempDir(): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'tiksaver-cli-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Environment for a hermetic run: own HOME (so no user config), no proxies. */
export function hermeticEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...extra };
}
