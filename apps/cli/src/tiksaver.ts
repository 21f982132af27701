/**
 * Entry point. Only commander and the help text load up front; the resolver, providers,
 * sandbox and progress bars are imported after parsing, so --help and --version are fast.
 */
import type { Hint } from '@tiksaver/core/words';
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

declare const __TIKSAVER_VERSION__: string;
const VERSION = typeof __TIKSAVER_VERSION__ === 'string' ? __TIKSAVER_VERSION__ : '0.0.0-dev';

async function describeCrash(error: unknown): Promise<string> {
  const e = error as { code?: string; message?: string; hint?: Hint; name?: string };
  if (e && e.name === 'TiksaverError' && e.code) {
    // Loaded here, not up front: the flag names come from the settings table, which --help does not need.
    const { cliHint } = await import('./setting-flags.js');
    return `${e.code}: ${e.message}\n${e.hint === undefined ? '' : cliHint(e.hint)}`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// A reader that stops early (`tiksaver --json LINKS | head -1`) closes our stdout; that is
// its choice, not a crash: stop quietly with the exit code so far, as yt-dlp and git do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK);
});

async function main(argv: string[]): Promise<number> {
  const env = process.env;
  // `pnpm tiksaver ...` runs in the repository root; work where the user typed it.
  if (env.npm_lifecycle_event === 'tiksaver' && env.INIT_CWD) process.chdir(env.INIT_CWD);
  const program = buildProgram(VERSION, {
    run: async (inputs, raw) => (await import('./run.js')).run(inputs, raw, { env, version: VERSION }),
    providers: async (raw) => (await import('./providers-command.js')).listProviders(raw, env),
    doctor: async (link, raw) => (await import('./doctor.js')).doctor(link, raw, env),
  });
  program.exitOverride();
  program.configureOutput({ outputError: (text, write) => write(`tiksaver: ${text.replace(/^error: /, '')}`) });
  program.showHelpAfterError('(run tiksaver --help for usage)');
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const e = error as { code?: string };
    // A misconfigured setting (bad config file, bad host map) is a usage problem.
    if (e && e.code === 'MISCONFIGURED') {
      process.stderr.write(`tiksaver: ${await describeCrash(error)}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`tiksaver: internal error: ${await describeCrash(error)}\nPlease report this with the output of the same command run with -v.\n`);
    return EXIT.INTERNAL;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  async (error) => {
    process.stderr.write(`tiksaver: ${await describeCrash(error)}\n`);
    process.exitCode = EXIT.INTERNAL;
  },
);
