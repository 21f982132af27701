/**
 * Where output goes and how it looks. stdout carries data only (--json, --print-urls,
 * tables); every status line goes to stderr. "live" = a TTY with progress allowed:
 * lines are redrawn in place; otherwise "plain" lines that a script can parse.
 */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export interface Terminal {
  mode: 'live' | 'plain';
  quiet: boolean;
  verbose: boolean;
  /** Colors for stderr. */
  c: Colors;
  /** Colors for stdout (tables). */
  cOut: Colors;
  columns: number;
  err(line?: string): void;
  out(line?: string): void;
  /** Raw write to stderr (live redraws). */
  write(text: string): void;
  stderr: NodeJS.WriteStream;
}

export interface TerminalOptions {
  quiet: boolean;
  progress: boolean;
  verbose: boolean;
  env: Record<string, string | undefined>;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

function colorsFor(stream: NodeJS.WriteStream, env: Record<string, string | undefined>): Colors {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  return pc.createColors(!noColor && (force || Boolean(stream.isTTY)) && env.TERM !== 'dumb');
}

export function createTerminal(options: TerminalOptions): Terminal {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // -v logs would tear the redrawn block apart, so verbose runs use plain lines.
  const live = Boolean(stderr.isTTY) && options.progress && !options.quiet && !options.verbose && options.env.TERM !== 'dumb';
  return {
    mode: live ? 'live' : 'plain',
    quiet: options.quiet,
    verbose: options.verbose,
    c: colorsFor(stderr, options.env),
    cOut: colorsFor(stdout, options.env),
    // A terminal that reports no size (a bare pty) gets 80: what cli-progress assumes too,
    // and it cuts bar lines at that width.
    columns: stderr.columns || 80,
    err: (line = '') => void stderr.write(`${line}\n`),
    out: (line = '') => void stdout.write(`${line}\n`),
    write: (text) => void stderr.write(text),
    stderr,
  };
}
