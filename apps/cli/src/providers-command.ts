/** `tiksaver providers` / `--list-providers`: the provider table, or JSON with --json. */
import { EXIT } from './exit-codes.js';
import { optionsOrUsageError, type RawOptions } from './options.js';
import { createRuntime } from './runtime.js';
import { describeProviders } from '@tiksaver/providers';
import { flagOf } from './setting-flags.js';
import { renderProviders } from './ui/providers-table.js';
import { createTerminal } from './ui/terminal.js';

export async function listProviders(raw: RawOptions, env: Record<string, string | undefined>): Promise<number> {
  const options = optionsOrUsageError([], raw, env, 'tiksaver');
  if (!options) return EXIT.USAGE;
  const term = createTerminal({ quiet: options.quiet, progress: false, verbose: options.verbose, env });
  const runtime = await createRuntime(options, env, term);
  try {
    // The providers a run would try, in order (the registry's one selection).
    const shown = runtime.order.map((id) => runtime.providers.find((p) => p.id === id)).filter((p) => p !== undefined);
    // Same rows as the web app's GET /api/providers.
    if (options.json) term.out(JSON.stringify(describeProviders(shown, flagOf)));
    else for (const line of renderProviders(shown, term.cOut)) term.out(line);
    return EXIT.OK;
  } finally {
    await runtime.close();
  }
}
