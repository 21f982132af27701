/**
 * Entry point (bundled to dist/server.js): `pnpm start`, or `pnpm demo` (--sandbox) which
 * starts the embedded sandbox, routes TikTok and every service to it and prints a link to
 * try for each scenario.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, isTiksaverError } from '@tiksaver/core';
import { createApp } from './app.js';
import { readWebConfig } from './config.js';
import { listen } from './listen.js';
import { sweepStaleMp3Dirs } from './mp3.js';
import { keepServingOnUnhandledRejection } from './process-guard.js';
import { createServices, type ServiceOverrides } from './services.js';

async function main(): Promise<void> {
  keepServingOnUnhandledRejection();
  // The one place the web server reads its process's arguments and environment.
  const config = readWebConfig(process.argv.slice(2), process.env);
  // MP3 temp directories of an earlier process that was killed mid-conversion.
  await sweepStaleMp3Dirs();
  const staticRoot = join(dirname(fileURLToPath(import.meta.url)), 'public');
  let closeSandbox: (() => Promise<void>) | undefined;
  let overrides: ServiceOverrides = {};
  let examples: string[] = [];

  if (config.sandbox) {
    const { startSandbox } = await import('@tiksaver/sandbox');
    const sandbox = await startSandbox();
    closeSandbox = () => sandbox.close();
    overrides = { sandbox };
    examples = sandbox.scenarios.map((s) => `  ${s.title}\n      ${s.link}\n      ${s.shortLink}`);
  }

  const services = createServices(config, { ...overrides, staticRoot });
  const app = createApp(services);
  const server = await listen(app, { port: config.port, host: config.host });

  console.log(`tiksaver web is running at ${server.url}${config.sandbox ? '  (sandbox mode: no real site is contacted)' : ''}`);
  if (examples.length > 0) console.log(`\nPaste one of these sandbox links:\n${examples.join('\n')}\n`);

  const shutdown = async () => {
    await server.close();
    await services.close?.();
    await closeSandbox?.();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // A setting error has a code (MISCONFIGURED) and the exit code the CLI uses for it.
  if (isTiksaverError(error)) console.error(`${error.code}: ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  console.error('Run with --help for the options.');
  process.exit(isTiksaverError(error) ? ERROR_CODES[error.code].exitCode : 1);
});
