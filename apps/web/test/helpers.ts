/**
 * Test harness: the real web app (createServices + createApp) on a real socket, wired to a
 * running sandbox through its host map, exactly like `pnpm demo`.
 */
import { startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { afterAll, beforeAll } from 'vitest';
import yauzl from 'yauzl';
import { createApp, type AppDeps } from '../server/app.js';
import type { WebConfig } from '../server/config.js';
import { listen, type RunningServer } from '../server/listen.js';
import { createServices } from '../server/services.js';

export interface WebUnderTest extends RunningServer {
  deps: AppDeps;
}

export const TEST_CONFIG: WebConfig = {
  port: 0,
  host: '127.0.0.1',
  sandbox: true,
  tokenTtlMs: 10 * 60_000,
  reportTtlMs: 5 * 60_000,
  resolvePerMinute: 10_000,
  mediaPerMinute: 10_000,
  trustProxy: false,
  // Every test resolve goes upstream unless a test turns reuse on (test/scale-out.test.ts):
  // many tests change the sandbox between two resolves of one scenario.
  resolveCacheTtlMs: 0,
  failureCacheTtlMs: 0,
  cacheMaxBytes: 64 * 2 ** 20,
  statusPage: false,
  trustedProxies: [],
  ffmpegConcurrency: 2,
  env: {},
};

export async function startWeb(
  sandbox: Sandbox,
  options: { config?: Partial<WebConfig>; deps?: Partial<AppDeps>; staticRoot?: string; providerFlags?: Record<string, unknown> } = {},
): Promise<WebUnderTest> {
  const deps = {
    ...createServices(
      { ...TEST_CONFIG, ...options.config },
      {
        sandbox,
        ...(options.providerFlags && { providerFlags: options.providerFlags }),
        ...(options.staticRoot !== undefined && { staticRoot: options.staticRoot }),
      },
    ),
    ...options.deps,
  };
  const server = await listen(createApp(deps));
  return {
    ...server,
    deps,
    close: async () => {
      await server.close();
      await deps.close?.();
    },
  };
}

export async function postJson(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/resolve`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export function parseSse(text: string): SseEvent[] {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trimStart();
      }
      return { event, data: data ? (JSON.parse(data) as unknown) : undefined };
    });
}

/** One sandbox and one web server on it for the whole test file, closed after it. */
export function webPerFile(options: Parameters<typeof startWeb>[1] = {}): { readonly sandbox: Sandbox; readonly web: WebUnderTest } {
  const fixture = {} as { sandbox: Sandbox; web: WebUnderTest };
  beforeAll(async () => {
    fixture.sandbox = await startSandbox();
    fixture.web = await startWeb(fixture.sandbox, options);
  });
  afterAll(async () => {
    await fixture.web?.close();
    await fixture.sandbox?.close();
  });
  return fixture;
}

/** The entry names of a zip held in memory. */
export function zipNames(buffer: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}
