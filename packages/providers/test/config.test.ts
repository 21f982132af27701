import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfigFile } from '../src/config-file.js';
import { loadConfig, readConfigFile, readFlags, settingNames } from '../src/config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tiksaver-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function misconfigured(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ code: 'MISCONFIGURED' });
    return error as Error & { detail?: Record<string, unknown> };
  }
  throw new Error('expected MISCONFIGURED');
}

describe('loadConfig', () => {
  it('gives defaults with nothing set', () => {
    expect(loadConfig({ env: {} })).toEqual({ exclude: [], disable: [], timeouts: {}, baseUrls: {}, codec: 'h264', restrictFilenames: false });
  });

  it('applies one precedence rule key by key: flags > env > file > defaults', () => {
    const config = loadConfig({
      file: { timeoutMs: 1000, strategy: 'all', codec: 'h265', retries: 4, baseUrls: { snaptik: 'https://file.example', tikwm: 'https://tikwm.file' } },
      env: { TIKSAVER_TIMEOUT: '20', TIKSAVER_STRATEGY: 'hedged', TIKSAVER_SNAPTIK_URL: 'https://env.example/' },
      flags: { timeoutMs: 5000, proxy: undefined },
    });
    expect(config.timeoutMs).toBe(5000); // flag
    expect(config.strategy).toBe('hedged'); // env over file
    expect(config.codec).toBe('h265'); // file over default
    expect(config.retries).toBe(4);
    expect(config.baseUrls).toEqual({ snaptik: 'https://env.example', tikwm: 'https://tikwm.file' });
    expect(config.restrictFilenames).toBe(false); // default
  });

  it('reads every documented environment variable', () => {
    const config = loadConfig({
      env: {
        TIKSAVER_PROVIDERS: 'tikwm, native',
        TIKSAVER_EXCLUDE: 'vidgap',
        TIKSAVER_DISABLE: 'snaptik',
        TIKSAVER_STRATEGY: 'sequential',
        TIKSAVER_HEDGE_DELAY: '1500ms',
        TIKSAVER_TIMEOUT: '30s',
        TIKSAVER_TOTAL_TIMEOUT: '2m',
        TIKSAVER_PROXY: 'http://127.0.0.1:8080',
        TIKSAVER_HOST_MAP: 'www.tiktok.com=http://127.0.0.1:7001',
        TIKSAVER_RETRIES: '2',
        TIKSAVER_LIMIT_RATE: '50K',
        TIKSAVER_COBALT_URL: 'https://cobalt.example/',
        TIKSAVER_COBALT_KEY: 'secret',
        TIKSAVER_CODEC: 'h265',
        TIKSAVER_TIKTOK_IID: '7318518857994389254',
        TIKSAVER_OUTPUT: '{author}-{id}.{ext}',
        TIKSAVER_OUTPUT_DIR: '/tmp/out',
        TIKSAVER_RESTRICT_FILENAMES: 'yes',
        TIKSAVER_AUDIO_FORMAT: 'mp3',
        TIKSAVER_TIKWM_URL: 'https://tikwm.mirror',
        TIKSAVER_TIKWM_TIMEOUT: '5s',
        HOME: '/root',
      },
    });
    expect(config).toMatchObject({
      providers: ['tikwm', 'native'],
      exclude: ['vidgap'],
      disable: ['snaptik'],
      strategy: 'sequential',
      hedgeDelayMs: 1500,
      timeoutMs: 30_000,
      totalTimeoutMs: 120_000,
      proxy: 'http://127.0.0.1:8080',
      hostMap: 'www.tiktok.com=http://127.0.0.1:7001',
      retries: 2,
      limitRateBps: 51_200,
      cobaltUrl: 'https://cobalt.example',
      cobaltKey: 'secret',
      codec: 'h265',
      appIid: '7318518857994389254',
      outputTemplate: '{author}-{id}.{ext}',
      outputDir: '/tmp/out',
      restrictFilenames: true,
      audioFormat: 'mp3',
      baseUrls: { tikwm: 'https://tikwm.mirror' },
      timeouts: { tikwm: 5000 },
    });
  });

  it('accepts the CLI flag names (template, dir, limitRateBps) and ignores undefined flags', () => {
    const config = loadConfig({ env: {}, flags: { template: '{id}.{ext}', dir: 'out', limitRateBps: 1000, cobaltKey: undefined } });
    expect(config).toMatchObject({ outputTemplate: '{id}.{ext}', outputDir: 'out', limitRateBps: 1000 });
    expect('cobaltKey' in config).toBe(false);
  });

  it('treats baseUrls.cobalt as cobaltUrl, so a --cobalt-url flag beats TIKSAVER_COBALT_URL', () => {
    const config = loadConfig({ env: { TIKSAVER_COBALT_URL: 'https://env.cobalt' }, flags: { cobaltUrl: 'https://flag.cobalt' } });
    expect(config.cobaltUrl).toBe('https://flag.cobalt');
    expect(config.baseUrls.cobalt).toBeUndefined();
    expect(loadConfig({ env: {}, file: { baseUrls: { cobalt: 'https://file.cobalt' } } }).cobaltUrl).toBe('https://file.cobalt');
  });

  it('names the environment variable of a bad value', () => {
    const error = misconfigured(() => loadConfig({ env: { TIKSAVER_TIMEOUT: 'soon' } }));
    expect(error.message).toContain('TIKSAVER_TIMEOUT');
    expect(error.detail).toMatchObject({ key: 'timeoutMs', source: 'env' });
    expect(misconfigured(() => loadConfig({ env: { TIKSAVER_SNAPTIK_URL: 'not a url' } })).message).toContain('TIKSAVER_SNAPTIK_URL');
    // The hint is about fixing a setting, not the generic "check the provider configuration".
    expect((error as { hint?: string }).hint).toMatch(/Fix or remove that setting/);
  });

  it('rejects unknown providers, strategies, keys and host maps with the failing key', () => {
    expect(misconfigured(() => loadConfig({ env: { TIKSAVER_PROVIDERS: 'native,ssstik' } })).message).toMatch(/TIKSAVER_PROVIDERS.*ssstik/);
    expect(misconfigured(() => loadConfig({ flags: { strategy: 'fastest' } })).detail).toMatchObject({ key: 'strategy', source: 'flags' });
    expect(misconfigured(() => loadConfig({ file: { timout: 5 } })).message).toMatch(/"timout".*unknown setting/);
    expect(misconfigured(() => loadConfig({ file: { baseUrls: { nope: 'https://x' } } })).message).toContain('nope');
    expect(misconfigured(() => loadConfig({ env: { TIKSAVER_HOST_MAP: 'not a map' } })).message).toContain('TIKSAVER_HOST_MAP');
    expect(misconfigured(() => loadConfig({ env: { TIKSAVER_PROXY: 'ftp://x' } })).message).toContain('TIKSAVER_PROXY');
  });
});

describe('flags, names and the sandbox', () => {
  it('reads flag values as typed and names the flag of a bad one', () => {
    expect(readFlags({ limitRateBps: '50K', timeoutMs: '20', hedgeDelayMs: '800', speedTimeMs: '0', providers: 'tikwm, native,tikwm' })).toEqual({
      limitRateBps: 51_200,
      timeoutMs: 20_000, // --timeout is in seconds
      hedgeDelayMs: 800, // --hedge-delay in ms
      speedTimeMs: 0,
      providers: ['tikwm', 'native'],
    });
    const error = misconfigured(() => loadConfig({ env: {}, flags: { limitRateBps: 'fast' } }));
    expect(error.message).toMatch(/^--limit-rate: cannot read "fast" as a rate/);
    expect(error.detail).toMatchObject({ key: 'limitRateBps', source: 'flags', flag: '--limit-rate' });
    expect(misconfigured(() => readFlags({ retries: 'x' })).message).toMatch(/^--retries: must be a whole number/);
    expect(misconfigured(() => readFlags({ timeoutMs: '0' })).message).toMatch(/^--timeout: must be more than 0/);
  });

  it('gives the flag and the environment variable of each setting, provider settings included', () => {
    expect(settingNames('proxy')).toEqual({ flag: '--proxy', env: 'TIKSAVER_PROXY' });
    expect(settingNames('limitRateBps')).toEqual({ flag: '--limit-rate', env: 'TIKSAVER_LIMIT_RATE' });
    expect(settingNames('cobaltUrl')).toEqual({ flag: '--cobalt-url', env: 'TIKSAVER_COBALT_URL' });
    expect(settingNames('snaptikSalt')).toEqual({ env: 'TIKSAVER_SNAPTIK_SALT' });
    expect(settingNames('baseUrls')).toEqual({ env: 'TIKSAVER_<ID>_URL' });
  });

  it('puts the sandbox host map first and cobalt on its mapped host, under explicit flags', () => {
    const sandbox = {
      urls: { cobalt: 'http://127.0.0.1:7006', tiktok: 'http://127.0.0.1:7001' },
      hostMap: [
        { pattern: 'www.tiktok.com', origin: 'http://127.0.0.1:7001' },
        { pattern: 'cobalt.sandbox.test', origin: 'http://127.0.0.1:7006' },
      ],
    };
    const config = loadConfig({ env: { TIKSAVER_HOST_MAP: 'x.example=http://127.0.0.1:9', TIKSAVER_COBALT_URL: 'https://cobalt.mine' }, sandbox });
    expect(config.cobaltUrl).toBe('https://cobalt.sandbox.test');
    expect(config.hostMap).toEqual([...sandbox.hostMap, { pattern: 'x.example', origin: 'http://127.0.0.1:9' }]);
    expect(loadConfig({ env: {}, sandbox, flags: { cobaltUrl: 'http://127.0.0.1:5' } }).cobaltUrl).toBe('http://127.0.0.1:5');
  });
});

describe('config files', () => {
  it('is --config, else TIKSAVER_CONFIG (both required), else the default location', () => {
    expect(findConfigFile({ flag: '/a.json', env: { TIKSAVER_CONFIG: '/b.json' }, defaultPath: '/c.json' })).toEqual({ path: '/a.json', required: true });
    expect(findConfigFile({ env: { TIKSAVER_CONFIG: '/b.json' }, defaultPath: '/c.json' })).toEqual({ path: '/b.json', required: true });
    expect(findConfigFile({ env: {}, defaultPath: '/c.json' })).toEqual({ path: '/c.json', required: false });
    expect(findConfigFile({ flag: false, env: { TIKSAVER_CONFIG: '/b.json' } })).toEqual({ required: false });
    expect(findConfigFile({ env: {} })).toEqual({ required: false });
  });

  it('reads a JSON file, and loadConfig reads an explicit path too', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, JSON.stringify({ providers: ['native', 'tikwm'], timeoutMs: 9000 }));
    expect(await readConfigFile(path)).toEqual({ providers: ['native', 'tikwm'], timeoutMs: 9000 });
    expect(loadConfig({ env: {}, file: path })).toMatchObject({ providers: ['native', 'tikwm'], timeoutMs: 9000 });
  });

  it('is fine with a missing default file but not a missing named one', async () => {
    expect(await readConfigFile(join(dir, 'missing.json'))).toBeUndefined();
    await expect(readConfigFile(join(dir, 'missing.json'), { required: true })).rejects.toMatchObject({ code: 'MISCONFIGURED' });
    misconfigured(() => loadConfig({ file: join(dir, 'missing.json') }));
  });

  it('rejects broken JSON and bad values naming the file', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "timeoutMs": ');
    await expect(readConfigFile(broken)).rejects.toMatchObject({
      code: 'MISCONFIGURED',
      message: expect.stringContaining('broken.json'),
      hint: expect.stringContaining('Fix the config file'),
    });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ retries: -1 }));
    await expect(readConfigFile(bad)).rejects.toMatchObject({ code: 'MISCONFIGURED', detail: { key: 'retries', source: 'file' } });
  });
});
