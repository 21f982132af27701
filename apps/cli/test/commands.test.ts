import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hermeticEnv, runCli, startCli } from './helpers.js';
import { sandboxFlags, scenario, sandboxPerFile } from './sandbox-fixture.js';

const fx = sandboxPerFile();

describe('help and version', () => {
  it('a reader that closes the pipe early (tiksaver --help | head -1) is not a crash', async () => {
    const { child, result } = startCli(['--help']);
    child.stdout!.destroy();
    const r = await result;
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
  });

  it('--help lists the options and every exit code', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--provider', '--compare', '--json', '--batch-file', '--limit-rate', '--host-map', '--sandbox', '--want', '--audio']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Exit codes:');
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7, 8, 130]) expect(r.stdout).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, 'm'));
  });

  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const r = await runCli(['--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('no link at all is a usage error (exit 2)', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give a TikTok link/);
  });

  it('a bad --limit-rate is a usage error (exit 2)', async () => {
    const r = await runCli(['--limit-rate', 'fast', 'https://www.tiktok.com/@a/video/1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--limit-rate/);
  });
});

describe('batch', () => {
  it('keeps going past a bad line, exits 8 and prints a tally', async () => {
    const file = join(fx.dir.path, 'links.txt');
    await writeFile(
      file,
      ['# my stories', '', scenario(fx.sandbox, 'video-post').link, 'not a link at all', `  ${scenario(fx.sandbox, 'story-video').link}  `, '; also a comment'].join('\n'),
    );
    const r = await runCli([...sandboxFlags(fx.sandbox), '-P', fx.dir.path, '--dry-run', '-a', file], { env: hermeticEnv(fx.dir.path) });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/^tally ok=2 failed=1 notTried=0 total=3$/m);
    expect(r.stderr).toMatch(/^failed-input line=4 INVALID_INPUT not a link at all$/m);
  });

  it('reads links from stdin with -a -', async () => {
    const r = await runCli([...sandboxFlags(fx.sandbox), '--json', '--dry-run', '-a', '-'], {
      env: hermeticEnv(fx.dir.path),
      stdin: `${scenario(fx.sandbox, 'video-post').link}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
  });

  it('a missing batch file is a usage error', async () => {
    const r = await runCli(['-a', join(fx.dir.path, 'missing.txt')], { env: hermeticEnv(fx.dir.path) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });
});

describe('doctor', () => {
  it('explains a story link', async () => {
    const r = await runCli(['doctor', scenario(fx.sandbox, 'story-video').link]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Kind:\s+story/);
    expect(r.stdout).toMatch(/Id:\s+7441820391556789262/);
    expect(r.stdout).toMatch(/Story\?:\s+yes/);
    // Said once (in Next), not twice.
    expect(r.stdout.match(/24 hours/g)).toHaveLength(1);
  });

  it('says what to do with a profile link (exit 3)', async () => {
    const r = await runCli(['doctor', 'https://www.tiktok.com/@mila.travels']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/Kind:\s+profile/);
    expect(r.stdout).toMatch(/Share/);
  });

  it('explains a comment link: the post it belongs to is saved', async () => {
    const r = await runCli(['doctor', 'https://www.tiktok.com/@jun.bakes/video/7438215530219064619?comment_id=7438300000000000001']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Comment:\s+7438300000000000001/);
    expect(r.stdout).toMatch(/comment/);
  });

  it('says a short link will be expanded', async () => {
    const r = await runCli(['doctor', 'https://vm.tiktok.com/ZMabc123/']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Kind:\s+short/);
    expect(r.stdout).toMatch(/expand/);
  });

  it('expands a short link with --online', async () => {
    const s = scenario(fx.sandbox, 'story-video');
    const r = await runCli([...sandboxFlags(fx.sandbox), 'doctor', '--online', s.shortLink], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Expanded:\s+\S+ -> https:\/\/www\.tiktok\.com\//);
    // Short links open the /video/ form even for stories (reference/tiktok-web.md §1).
    expect(r.stdout).toMatch(/Kind:\s+(story|video)/);
    expect(r.stdout).toContain(s.itemId);
  });
});

describe('providers', () => {
  it('lists ids, capabilities, base URLs and whether each is configured', async () => {
    const r = await runCli(['providers'], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ID\s+NAME\s+LINKS\s+MEDIA\s+BASE URL\s+STATUS/);
    for (const id of ['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt']) expect(r.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
    expect(r.stdout).toMatch(/^cobalt\s.*not configured/m);
  });

  it('--list-providers --json is data, and --cobalt-url configures cobalt', async () => {
    const r = await runCli(['--list-providers', '--json', '--cobalt-url', 'https://cobalt.example.org/'], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; enabled: boolean; baseUrl?: string }>;
    expect(rows.map((p) => p.id)).toEqual(['native', 'snaptik', 'vidgap', 'tikdown', 'tikwm', 'cobalt']);
    const cobalt = rows.find((p) => p.id === 'cobalt')!;
    expect(cobalt.enabled).toBe(true);
    expect(cobalt.baseUrl).toContain('cobalt.example.org');
  });
});

describe('--sandbox', () => {
  it('without links lists the demo links on stdout', async () => {
    const r = await runCli(['--sandbox'], { env: hermeticEnv(fx.dir.path) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^story-video\s+https:\/\/www\.tiktok\.com\/@\S+\/story\/\d+/m);
    // Each situation's short link too: a dead short link only shows through it.
    expect(r.stdout).toMatch(/^dead-short-link\s+\S+.*\n\s+https:\/\/vt\.tiktok\.com\/\w+\/\s+\(its short link\)$/m);
    expect(r.stderr).toMatch(/tiksaver --sandbox/);
  });

  it('a bad output template or a file as -P is a usage error before anything is fetched', async () => {
    const link = 'https://www.tiktok.com/@mila.travels/story/7441820391556789262';
    const escape = await runCli(['--sandbox', '-o', '../{id}.{ext}', link], { env: hermeticEnv(fx.dir.path) });
    expect(escape.code, escape.stderr).toBe(2);
    expect(escape.stderr).toMatch(/-o\/--output: .*would leave the output directory/);
    expect(escape.stderr).not.toMatch(/^attempt /m);
    const file = join(fx.dir.path, 'not-a-dir');
    await writeFile(file, 'x');
    const notDir = await runCli(['--sandbox', '-P', file, link], { env: hermeticEnv(fx.dir.path) });
    expect(notDir.code, notDir.stderr).toBe(2);
    expect(notDir.stderr).toContain('is a file, not a directory');
    // Under a file (ENOTDIR) and under /proc (where recursive mkdir would spin): exit 2 at once.
    for (const dir of [join(file, 'sub'), '/proc/tiksaver-test/out']) {
      const cannot = await runCli(['--sandbox', '-P', dir, link], { env: hermeticEnv(fx.dir.path), timeoutMs: 30_000 });
      expect(cannot.code, cannot.stderr).toBe(2);
      expect(cannot.stderr).toContain('cannot create the directory');
    }
  });

  it('runs an offline demo end to end', async () => {
    const r = await runCli(['--sandbox', '--dry-run', '--json', 'https://www.tiktok.com/@mila.travels/story/7441820391556789262'], {
      env: hermeticEnv(fx.dir.path),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(r.stderr).toMatch(/sandbox/i);
  });
});
