import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResolveReport } from '@tiksaver/core';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli } from './helpers.js';
import { sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const fx = sandboxPerFile();

async function writeConfig(dir: string, settings: Record<string, unknown>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(settings));
  return file;
}

describe('configuration precedence: flags > env > config file > defaults', () => {
  it('reads the default config file, and env and flags override it', async () => {
    await writeConfig(join(fx.dir.path, '.config', 'tiksaver'), { providers: ['tikwm'] });
    const link = scenario(fx.sandbox, 'video-post').link;
    const fromFile = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', link], { env: hermeticEnv(fx.dir.path) });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(ResolveReport.parse(JSON.parse(fromFile.stdout)).provider).toBe('tikwm');

    const fromEnv = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', link], {
      env: hermeticEnv(fx.dir.path, { TIKSAVER_PROVIDERS: 'tikdown' }),
    });
    expect(ResolveReport.parse(JSON.parse(fromEnv.stdout)).provider).toBe('tikdown');

    const fromFlag = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', '--provider', 'native', link], {
      env: hermeticEnv(fx.dir.path, { TIKSAVER_PROVIDERS: 'tikdown' }),
    });
    expect(ResolveReport.parse(JSON.parse(fromFlag.stdout)).provider).toBe('native');

    const ignored = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', '--no-config', '--strategy', 'sequential', link], { env: hermeticEnv(fx.dir.path) });
    expect(ResolveReport.parse(JSON.parse(ignored.stdout)).provider).toBe('native');
  });

  it('reads the file TIKSAVER_CONFIG names instead of the default one; a missing one is a usage error', async () => {
    const file = await writeConfig(join(fx.dir.path, 'env-named'), { providers: ['tikdown'] });
    const link = scenario(fx.sandbox, 'video-post').link;
    const named = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', link], { env: hermeticEnv(fx.dir.path, { TIKSAVER_CONFIG: file }) });
    expect(named.code, named.stderr).toBe(0);
    expect(ResolveReport.parse(JSON.parse(named.stdout)).provider).toBe('tikdown');
    const missing = await runCli(['--dry-run', link], { env: hermeticEnv(fx.dir.path, { TIKSAVER_CONFIG: join(fx.dir.path, 'gone.json') }) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/gone\.json/);
  });

  it('takes the output template and directory from --config', async () => {
    const out = join(fx.dir.path, 'templated');
    const file = await writeConfig(join(fx.dir.path, 'other'), { outputTemplate: '{kind}/{author} {id}.{ext}', outputDir: out });
    const r = await runCli([...sandboxFlags(fx.sandbox), '--config', file, '--restrict-filenames', scenario(fx.sandbox, 'video-post').link], {
      env: hermeticEnv(fx.dir.path),
    });
    expect(r.code, r.stderr).toBe(0);
    const files = await readdir(join(out, 'video'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^jun\.bakes_7438215530219064619\.mp4$/);
  });

  it('a broken config file is a usage error naming the key (exit 2)', async () => {
    const file = await writeConfig(join(fx.dir.path, 'broken'), { strategy: 'fastest' });
    const r = await runCli(['--config', file, '--dry-run', scenario(fx.sandbox, 'video-post').link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MISCONFIGURED/);
    expect(r.stderr).toMatch(/strategy/);
  });

  it('a missing --config file is a usage error (exit 2)', async () => {
    const r = await runCli(['--config', join(fx.dir.path, 'nope.json'), '--dry-run', scenario(fx.sandbox, 'video-post').link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.json/);
  });
});

describe('output modes', () => {
  it('--quiet prints nothing on success, not even attempt lines', async () => {
    const out = join(fx.dir.path, 'quiet');
    await mkdir(out, { recursive: true });
    const r = await runCli([...sandboxFlags(fx.sandbox), '--no-config', '-q', '-P', out, scenario(fx.sandbox, 'video-post').link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(await readdir(out)).toHaveLength(1);
  });

  it('--quiet still explains a failure', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--no-config', '-q', scenario(fx.sandbox, 'story-expired').link], { env: hermeticEnv(fx.dir.path) });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^failed EXPIRED /m);
    expect(r.stderr).toMatch(/^hint /m);
  });

  it('NO_COLOR gives plain lines without escape codes', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--no-config', '--dry-run', scenario(fx.sandbox, 'story-video').link], {
      env: hermeticEnv(fx.dir.path, { NO_COLOR: '1', FORCE_COLOR: '1' }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\x1b\[/);
    expect(r.stderr).toMatch(/^found story id=7441820391556789262 provider=native items=1$/m);
  });
});
