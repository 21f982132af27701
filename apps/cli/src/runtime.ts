/**
 * Builds what a run needs, once: the settings (flags > env > config file > defaults, by
 * @tiksaver/providers' loadConfig; the file from --config, TIKSAVER_CONFIG or the default
 * path), the sandbox when asked, then the product (HTTP client, providers, resolver) from
 * assembleProduct, the same assembly as the web server's. Loaded lazily, after argument
 * parsing, so --help stays fast.
 */
import { readTikTokCookies, silentLogger, TiksaverError, type FileCookie, type HttpClient, type Logger, type Provider, type Resolver } from '@tiksaver/core';
import { assembleProduct, findConfigFile, loadConfig, readConfigFile, type TiksaverConfig } from '@tiksaver/providers';
import { defaultConfigPath } from './config-path.js';
import { openArchive, type DownloadArchive } from './download-archive.js';
import type { CliOptions } from './options.js';
import { checkOutputSettings } from './output-settings.js';
import type { SandboxHandle } from './sandbox-note.js';
import type { Terminal } from './ui/terminal.js';

export interface Runtime {
  config: TiksaverConfig;
  resolver: Resolver;
  http: HttpClient;
  providers: readonly Provider[];
  /** The providers a resolution tries, in order (chosen once, by the providers' registry). */
  order: string[];
  sandbox?: SandboxHandle;
  /** -v: decisions on stderr; silent otherwise. */
  logger: Logger;
  /** --download-archive: items saved before are skipped. */
  archive?: DownloadArchive;
  /** --cookies: how many TikTok cookies go with TikTok requests (names only, never values). */
  cookies?: { file: string; names: string[]; dropped: number };
  close(): Promise<void>;
}

/** --cookies FILE: the TikTok cookies of a cookies.txt; -v names them, never their values. */
function loadCookies(file: string, term: Terminal): { list: FileCookie[]; info: NonNullable<Runtime['cookies']> } {
  const { kept, names, dropped, badLines } = readTikTokCookies(file);
  if (term.verbose) {
    term.err(`cookies: ${kept.length} for TikTok's hosts from ${file}: ${names.join(', ')}${dropped ? ` (${dropped} for other sites or expired: ignored)` : ''}`);
    if (badLines.length) term.err(`cookies: unreadable lines ignored: ${badLines.slice(0, 10).join(', ')}`);
  }
  return { list: kept, info: { file, names, dropped } };
}

async function startSandbox(): Promise<SandboxHandle> {
  // Not bundled: the sandbox finds its media files relative to its own module.
  let sandbox: typeof import('@tiksaver/sandbox');
  try {
    sandbox = await import('@tiksaver/sandbox');
  } catch (error) {
    throw new TiksaverError('MISCONFIGURED', 'The offline sandbox is not available in this installation.', {
      hint: 'It ships with the tiksaver repository: run `pnpm build` there and use its apps/cli/dist/tiksaver.js.',
      cause: error,
    });
  }
  return sandbox.startSandbox();
}

/** -v: the engine's and providers' decisions, one line each on stderr. */
function stderrLogger(term: Terminal): Logger {
  const line = (level: string) => (message: string, data?: Record<string, unknown>) =>
    term.err(`${level} ${message}${data && Object.keys(data).length ? ` ${JSON.stringify(data)}` : ''}`);
  return { debug: line('debug'), info: line('info'), warn: line('warn') };
}

export async function createRuntime(options: CliOptions, env: Record<string, string | undefined>, term: Terminal): Promise<Runtime> {
  const { path: configPath, required } = findConfigFile({ ...(options.configPath !== undefined && { flag: options.configPath }), env, defaultPath: defaultConfigPath(env) });
  const file = configPath ? await readConfigFile(configPath, { required }) : undefined;
  const sandbox = options.sandbox ? await startSandbox() : undefined;
  try {
    const config = loadConfig({ env, ...(file && { file }), flags: options.flags, ...(sandbox && { sandbox }) });
    await checkOutputSettings(config, { willSave: !(options.dryRun || options.printUrls || options.compare) });
    const cookies = config.cookiesFile ? loadCookies(config.cookiesFile, term) : undefined;
    const archive = config.downloadArchive ? await openArchive(config.downloadArchive) : undefined;
    const logger = term.verbose ? stderrLogger(term) : silentLogger;
    const { http, providers, order, resolver } = assembleProduct(config, {
      env,
      ...(cookies && { cookies: cookies.list }),
      ...(term.verbose && { logger }),
      // A CLI run is one short process: undici's pooling does not repay compiling its
      // WebAssembly parser (~35 MB of peak RSS), so every unproxied request goes lean.
      transport: 'lean',
      downloadLimits: true,
      // The user's own base URLs (a self-hosted cobalt on localhost) are their choice.
      trustConfiguredOrigins: true,
    });
    if (term.verbose) {
      term.err(`config file: ${configPath ?? '(none)'}${file ? '' : ' (not found, using defaults)'}`);
      term.err(`providers: ${order.join(' > ')}; strategy: ${config.strategy ?? 'hedged (default)'}`);
      if (config.proxy) term.err(`proxy: ${config.proxy}`);
      if (config.hostMap) term.err(`host map: ${typeof config.hostMap === 'string' ? config.hostMap : config.hostMap.map((e) => `${e.pattern}=${e.origin}`).join(',')}`);
    }
    return {
      config,
      resolver,
      http,
      providers,
      order,
      logger,
      ...(sandbox && { sandbox }),
      ...(archive && { archive }),
      ...(cookies && { cookies: cookies.info }),
      close: async () => {
        await sandbox?.close();
      },
    };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
