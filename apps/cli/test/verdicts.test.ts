import { ResolveReport } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const fx = sandboxPerFile();

// Sequential, so a slow machine never lets a hedged second provider change the outcome.
const run = (args: string[], env: Record<string, string> = {}) =>
  runCli([...sandboxFlags(fx.sandbox), '-P', fx.dir.path, '--strategy', 'sequential', ...args], { env: hermeticEnv(fx.dir.path, env) });

describe('links that are not one story or post', () => {
  it.each([
    ['a profile link', 'https://www.tiktok.com/@mila.travels', 'WRONG_LINK_KIND'],
    ['a hashtag page', 'https://www.tiktok.com/tag/travel', 'WRONG_LINK_KIND'],
    ['a link to another site', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'NOT_TIKTOK'],
    ['garbage', 'hello there, no link here', 'INVALID_INPUT'],
  ])('%s exits 3 with a hint', async (_name, input, code) => {
    const r = await run([input]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toMatch(/^hint .*(Share|TikTok link)/m);
    expect(r.stdout).toBe('');
  });
});

describe('comment links', () => {
  it('save the post the comment belongs to', async () => {
    const r = await run(['--json', '--dry-run', 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619?comment_id=7438300000000000001']);
    expect(r.code, r.stderr).toBe(0);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.link.comment).toBe('7438300000000000001');
    expect(report.result?.id).toBe('7438215530219064619');
  });
});

describe('final verdicts stop the chain', () => {
  it('an expired story exits 4 and later providers are skipped', async () => {
    const r = await run(['--json', scenario(fx.sandbox, 'story-expired').link]);
    expect(r.code).toBe(4);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.error?.code).toBe('EXPIRED');
    const failedAt = report.attempts.findIndex((a) => a.outcome === 'failed' && a.error?.code === 'EXPIRED');
    expect(failedAt).toBeGreaterThanOrEqual(0);
    for (const later of report.attempts.slice(failedAt + 1)) expect(later.outcome).toBe('skipped');
    expect(r.stderr).toMatch(/expired/i);
  });

  it('a private account exits 5 and later providers are skipped', async () => {
    const r = await run(['--json', scenario(fx.sandbox, 'private-account').link]);
    expect(r.code).toBe(5);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.error?.code).toBe('PRIVATE');
    const failedAt = report.attempts.findIndex((a) => a.error?.code === 'PRIVATE');
    expect(failedAt).toBeGreaterThanOrEqual(0);
    for (const later of report.attempts.slice(failedAt + 1)) expect(later.outcome).toBe('skipped');
  });

  it('shows one plain line per provider attempt when not a terminal', async () => {
    const r = await run(['--dry-run', scenario(fx.sandbox, 'story-expired').link]);
    expect(r.stderr).toMatch(/^attempt native failed \d+ms EXPIRED /m);
    // The code is a field of its own: the reason after it does not repeat it.
    expect(r.stderr).toMatch(/^attempt native failed \d+ms EXPIRED This story is gone/m);
    expect(r.stderr).not.toMatch(/^attempt .*\(EXPIRED\)/m);
    expect(r.stderr).toMatch(/^attempt \w+ skipped - /m);
  });
});

describe('when every provider fails for other reasons', () => {
  it('exits 6 and says why each one failed', async () => {
    fx.sandbox.setFault('*', { kind: 'status-500' });
    try {
      const r = await run(['--retries', '0', '--json', '--dry-run', scenario(fx.sandbox, 'video-post').link]);
      expect(r.code).toBe(6);
      const report = ResolveReport.parse(JSON.parse(r.stdout));
      expect(report.ok).toBe(false);
      const failed = report.attempts.filter((a) => a.outcome === 'failed');
      expect(failed.length).toBeGreaterThan(1);
      for (const a of failed) expect(a.error?.code).toBeTruthy();
      expect(r.stderr).toMatch(/^hint /m);
    } finally {
      fx.sandbox.clearFaults();
    }
  });
});

describe('provider control', () => {
  it('--provider keeps the subset and its order', async () => {
    const r = await run(['--json', '--dry-run', '--provider', 'tikwm,native', scenario(fx.sandbox, 'video-post').link]);
    expect(r.code, r.stderr).toBe(0);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    const tried = report.attempts.filter((a) => a.outcome !== 'skipped').map((a) => a.provider);
    expect(tried[0]).toBe('tikwm');
    expect(report.provider).toBe('tikwm');
    for (const a of report.attempts) expect(['tikwm', 'native']).toContain(a.provider);
  });

  it('--exclude drops a provider', async () => {
    const r = await run(['--json', '--dry-run', '--exclude', 'native', scenario(fx.sandbox, 'video-post').link]);
    expect(r.code, r.stderr).toBe(0);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.attempts.map((a) => a.provider)).not.toContain('native');
  });

  it('rejects an unknown provider id as a usage error (exit 2)', async () => {
    const r = await run(['--provider', 'nosuch', scenario(fx.sandbox, 'video-post').link]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown provider "nosuch"/);
  });

  it('--compare prints a table of every provider on stdout', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--compare', scenario(fx.sandbox, 'story-video').link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PROVIDER\s+OUTCOME\s+KIND\s+ITEMS\s+BEST QUALITY\s+WATERMARK\s+TIME\s+ERROR/);
    for (const id of ['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt']) expect(r.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
    // tikwm takes no story links (services.md): the table says why.
    expect(r.stdout).toMatch(/^tikwm\s+skipped\s.*cannot take story links/m);
    expect(r.stdout).toMatch(/^native\s+ok\s+story\s/m);
  });

  it('--compare --json gives the report with every attempt', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--compare', '--json', scenario(fx.sandbox, 'story-video').link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const report = ResolveReport.parse(JSON.parse(r.stdout));
    expect(report.strategy).toBe('all');
    expect(report.attempts).toHaveLength(6);
    expect(report.attempts.filter((a) => a.outcome === 'ok').length).toBeGreaterThan(1);
  });

  it('reads the host map from TIKSAVER_HOST_MAP', async () => {
    const r = await runCli(['--json', '--dry-run', '--provider', 'native', scenario(fx.sandbox, 'video-post').link], {
      env: hermeticEnv(fx.dir.path, { TIKSAVER_HOST_MAP: fx.sandbox.hostMapString }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).provider).toBe('native');
  });
});
