import { renderHint, type RunOptionName, type SettingName, type SettingNamer } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { loadConfig, type TiksaverConfig } from '../src/config.js';
import { describeProviders } from '../src/describe.js';
import { createDefaultProviders } from '../src/registry.js';

const byKey: SettingNamer = (setting) => setting;

// Hints name settings by their TiksaverConfig key (core hints.ts), or one of the CLI's run options.
const settingsAreConfigKeys: Exclude<SettingName, RunOptionName> extends keyof TiksaverConfig ? true : never = true;

describe('createDefaultProviders', () => {
  it('hints name settings that exist', () => expect(settingsAreConfigKeys).toBe(true));

  it('builds the chain native → snaptik → vidgap → tikdown → tikwm → cobalt, cobalt off until configured', () => {
    const providers = createDefaultProviders(loadConfig({ env: {} }));
    expect(providers.map((p) => p.id)).toEqual(['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt']);
    expect(providers.filter((p) => p.enabled === false).map((p) => p.id)).toEqual(['cobalt']);
    expect(renderHint(providers.at(-1)!.disabledReason!, byKey)).toMatch(/not configured/);
  });

  it('enables cobalt with a URL and passes base URLs', () => {
    const providers = createDefaultProviders(
      loadConfig({ env: { TIKSAVER_COBALT_URL: 'https://cobalt.mine', TIKSAVER_TIKWM_URL: 'https://tikwm.mirror' } }),
    );
    const byId = Object.fromEntries(providers.map((p) => [p.id, p]));
    expect(byId.cobalt).toMatchObject({ enabled: true, baseUrl: 'https://cobalt.mine' });
    expect(byId.tikwm!.baseUrl).toBe('https://tikwm.mirror');
    expect(byId.native!.baseUrl).toBe('https://www.tiktok.com');
  });

  it('honours order, subset, exclude and disable with a reason', () => {
    const providers = createDefaultProviders(loadConfig({ env: {}, flags: { providers: ['tikwm', 'native', 'snaptik'], exclude: ['snaptik'] }, file: { disable: ['native'] } }));
    expect(providers.map((p) => p.id)).toEqual(['tikwm', 'native', 'snaptik', 'vidgap', 'tikdown', 'cobalt']);
    const state = Object.fromEntries(providers.map((p) => [p.id, p.enabled === false ? p.disabledReason : 'on']));
    expect(state).toMatchObject({ tikwm: 'on', native: expect.stringContaining('disabled'), snaptik: expect.stringContaining('excluded'), vidgap: expect.stringContaining('not in') });
  });
});

describe('describeProviders', () => {
  it('lists id, label, state, base URLs and capabilities for every provider', () => {
    const rows = describeProviders(createDefaultProviders(loadConfig({ env: { TIKSAVER_SNAPTIK_URL: 'https://snaptik.mirror' } })), byKey);
    expect(rows).toHaveLength(6);
    const native = rows[0]!;
    expect(native).toMatchObject({ id: 'native', enabled: true, baseUrl: 'https://www.tiktok.com', defaultBaseUrl: 'https://www.tiktok.com', linkKinds: ['story', 'video', 'photo'] });
    expect(native.summary).toContain('story: video, image, audio');
    expect(rows[1]).toMatchObject({ id: 'snaptik', baseUrl: 'https://snaptik.mirror', defaultBaseUrl: 'https://snaptik.app' });
    const cobalt = rows.find((r) => r.id === 'cobalt')!;
    expect(cobalt).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('not configured') });
    expect(cobalt.defaultBaseUrl).toBeUndefined();
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });
});
