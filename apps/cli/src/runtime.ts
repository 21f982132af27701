/**
 * Builds what a run needs, once: the settings (flags > env > config file > defaults, by
 * @tiksaver/providers' loadConfig), the sandbox when asked, one HTTP client, the providers
 * and the resolver. Loaded lazily, after argument parsing, so --help stays fast.
 */
import { createHttpClient, createResolver, readCookiesFile, silentLogger, tiktokCookies, TiksaverError, type FileCookie, type HttpClient, type Logger, type Provider, type Resolver } from '@tiksaver/core';
import { createDefaultProviders, loadConfig, readConfigFile, type TiksaverConfig } from '@tiksaver/providers';
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
  /** The providers a resolution tries, in order (--provider / --exclude / config applied). */
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
async function loadCookies(file: string, term: Terminal): Promise<{ list: FileCookie[]; info: NonNullable<Runtime['cookies']> }> {
  const parsed = await readCookiesFile(file);
  const { kept, dropped } = tiktokCookies(parsed.cookies);
  const info = { file, names: [...new Set(kept.map((c) => c.name))], dropped };
  if (kept.length === 0) {
    throw new TiksaverError('MISCONFIGURED', `The cookies file ${file} has no live cookies for tiktok.com`, {
      hint: 'Sign in to tiktok.com in your browser, then export the cookies of that site (cookies.txt) again.',
    });
  }
  if (term.verbose) {
    term.err(`cookies: ${kept.length} for TikTok's hosts from ${file}: ${info.names.join(', ')}${dropped ? ` (${dropped} for other sites or expired: ignored)` : ''}`);
    if (parsed.badLines.length) term.err(`cookies: unreadable lines ignored: ${parsed.badLines.slice(0, 10).join(', ')}`);
  }
  return { list: kept, info };
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

/** The flag layer of the configuration, in loadConfig's key names (undefined = not given). */
function flagLayer(options: CliOptions): Record<string, unknown> {
  return {
    proxy: options.proxy,
    retries: options.retries,
    limitRateBps: options.limitRateBps,
    speedLimitBps: options.speedLimitBps,
    speedTimeMs: options.speedTimeMs,
    hostMap: options.hostMap,
    cobaltUrl: options.cobaltUrl,
    cobaltKey: options.cobaltKey,
    codec: options.codec,
    timeoutMs: options.timeoutMs,
    strategy: options.strategy,
    hedgeDelayMs: options.hedgeDelayMs,
    providers: options.providers,
    exclude: options.exclude,
    audioFormat: options.audioFormat,
    outputTemplate: options.template,
    outputDir: options.dir,
    ...(options.restrictFilenames && { restrictFilenames: true }),
    cookiesFile: options.cookiesFile,
    downloadArchive: options.downloadArchive,
  };
}

/** -v: the engine's and providers' decisions, one line each on stderr. */
function stderrLogger(term: Terminal): Logger {
  const line = (level: string) => (message: string, data?: Record<string, unknown>) =>
    term.err(`${level} ${message}${data && Object.keys(data).length ? ` ${JSON.stringify(data)}` : ''}`);
  return { debug: line('debug'), info: line('info'), warn: line('warn') };
}

/** Base URLs the user set (cobalt, baseUrls): allowed past the address guard. */
function configuredOrigins(config: { cobaltUrl?: string; baseUrls?: Partial<Record<string, string>> }): string[] {
  return [config.cobaltUrl, ...Object.values(config.baseUrls ?? {})].filter((url): url is string => typeof url === 'string' && url !== '');
}

export async function createRuntime(options: CliOptions, env: Record<string, string | undefined>, term: Terminal): Promise<Runtime> {
  const configPath = options.configPath === false ? undefined : (options.configPath ?? defaultConfigPath(env));
  const file = configPath ? await readConfigFile(configPath, { required: options.configPath !== undefined }) : undefined;
  const sandbox = options.sandbox ? await startSandbox() : undefined;
  try {
    const flags = flagLayer(options);
    if (sandbox) {
      // The sandbox imitates every site, the user's cobalt instance included.
      flags.hostMap = [sandbox.hostMapString, options.hostMap].filter(Boolean).join(',');
      flags.cobaltUrl = sandbox.urls.cobalt;
    }
    const config = loadConfig({ env, ...(file && { file }), flags });
    await checkOutputSettings(config, { willSave: !(options.dryRun || options.printUrls || options.compare) });
    const cookies = config.cookiesFile ? await loadCookies(config.cookiesFile, term) : undefined;
    const archive = config.downloadArchive ? await openArchive(config.downloadArchive) : undefined;
    const http = createHttpClient({
      ...(cookies && { cookies: cookies.list }),
      // A CLI run is one short process: undici's pooling does not repay compiling its
      // WebAssembly parser (~35 MB of peak RSS), so every unproxied request goes lean.
      transport: 'lean',
      ...(config.hostMap !== undefined && { hostMap: config.hostMap }),
      ...(config.proxy !== undefined && { proxy: config.proxy }),
      env,
      ...(config.retries !== undefined && { retries: config.retries }),
      ...(config.limitRateBps !== undefined && { limitRateBps: config.limitRateBps }),
      // The same address guard as the web server, on every hop after DNS: a link or a
      // redirect cannot make the CLI fetch from a private or local address. Host-mapped
      // origins (the sandbox, TIKSAVER_HOST_MAP) and the base URLs the user configured
      // (a self-hosted cobalt on localhost) are the user's own choice and stay allowed.
      addressGuard: true,
      allowOrigins: configuredOrigins(config),
      ...(config.speedLimitBps !== undefined && { lowSpeedLimitBps: config.speedLimitBps }),
      ...(config.speedTimeMs !== undefined && { lowSpeedTimeMs: config.speedTimeMs }),
    });
    const providers = createDefaultProviders(config);
    const logger = term.verbose ? stderrLogger(term) : silentLogger;
    const resolver = createResolver({
      providers,
      http,
      ...(term.verbose && { logger }),
      ...(config.strategy !== undefined && { strategy: config.strategy }),
      ...(config.hedgeDelayMs !== undefined && { hedgeDelayMs: config.hedgeDelayMs }),
      ...(config.timeoutMs !== undefined && { providerTimeoutMs: config.timeoutMs }),
      ...(config.totalTimeoutMs !== undefined && { totalTimeoutMs: config.totalTimeoutMs }),
    });
    const excluded = new Set<string>(config.exclude);
    const order = (config.providers ?? providers.map((p) => p.id)).filter((id) => !excluded.has(id));
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
