/**
 * Builds what a run needs, once: the settings (flags > env > config file > defaults, by
 * @tiksaver/providers' loadConfig), the sandbox when asked, one HTTP client, the providers
 * and the resolver. Loaded lazily, after argument parsing, so --help stays fast.
 */
import { createHttpClient, createResolver, type HttpClient, type Provider, type Resolver } from '@tiksaver/core';
import { createDefaultProviders, loadConfig, readConfigFile } from '@tiksaver/providers';
import { defaultConfigPath } from './config-path.js';
import type { CliOptions } from './options.js';
import type { SandboxHandle } from './sandbox-note.js';
import type { Terminal } from './ui/terminal.js';

export interface Runtime {
  resolver: Resolver;
  http: HttpClient;
  providers: readonly Provider[];
  sandbox?: SandboxHandle;
  close(): Promise<void>;
}

async function startSandbox(): Promise<SandboxHandle> {
  const { startSandbox } = await import('@tiksaver/sandbox');
  return (await startSandbox()) as SandboxHandle;
}

/** The flag layer of the configuration, in loadConfig's key names. */
function flagLayer(options: CliOptions): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) flags[key] = value;
  };
  set('proxy', options.proxy);
  set('retries', options.retries);
  set('limitRateBps', options.limitRateBps);
  set('hostMap', options.hostMap);
  set('cobaltUrl', options.cobaltUrl);
  set('cobaltKey', options.cobaltKey);
  set('codec', options.codec);
  set('timeoutMs', options.timeoutMs);
  set('strategy', options.strategy);
  set('hedgeDelayMs', options.hedgeDelayMs);
  set('providers', options.providers);
  set('exclude', options.exclude);
  set('audioFormat', options.audioFormat);
  set('template', options.template);
  set('dir', options.dir);
  return flags;
}

export async function createRuntime(options: CliOptions, env: Record<string, string | undefined>, term: Terminal): Promise<Runtime> {
  const configPath = options.configPath === false ? undefined : (options.configPath ?? defaultConfigPath(env));
  const file = configPath ? await readConfigFile(configPath, { required: options.configPath !== undefined }) : undefined;
  const sandbox = options.sandbox ? await startSandbox() : undefined;
  try {
    const flags = flagLayer(options);
    if (sandbox) {
      // The sandbox imitates every site, the user's cobalt included.
      flags.hostMap = [sandbox.hostMapString, options.hostMap].filter(Boolean).join(',');
      flags.cobaltUrl = sandbox.urls.cobalt;
    }
    const config = loadConfig({ env, file, flags });
    const http = createHttpClient({
      ...(config.hostMap !== undefined && { hostMap: config.hostMap }),
      ...(config.proxy !== undefined && { proxy: config.proxy }),
      env,
      ...(config.retries !== undefined && { retries: config.retries }),
      ...(config.limitRateBps !== undefined && { limitRateBps: config.limitRateBps }),
    });
    const providers = createDefaultProviders(config);
    const resolver = createResolver({
      providers,
      http,
      ...(config.strategy !== undefined && { strategy: config.strategy }),
      ...(config.hedgeDelayMs !== undefined && { hedgeDelayMs: config.hedgeDelayMs }),
      ...(config.timeoutMs !== undefined && { providerTimeoutMs: config.timeoutMs }),
    });
    if (term.verbose) term.err(`config: ${configPath ?? '(none)'}; providers: ${providers.map((p) => p.id).join(', ')}`);
    return {
      resolver,
      http,
      providers,
      ...(sandbox && { sandbox }),
      close: async () => {
        await sandbox?.close();
      },
    };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
