/**
 * The front end in Debian's chromium (playwright-core), against the real server with the
 * embedded sandbox, as `pnpm demo` runs it. Skips with a message when chromium is missing
 * (CI installs it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { MEDIA_DIR, startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { startWeb, type WebUnderTest } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = join(APP_DIR, 'test-results');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[web browser tests] skipped: ${CHROMIUM} not found (apt-get install chromium)`);

let sandbox: Sandbox;
let web: WebUnderTest;
let browser: Browser;
let context: BrowserContext;
let publicDir: string;

async function buildFrontEnd(outDir: string): Promise<void> {
  const vite = join(APP_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  // vitest sets NODE_ENV=test, which would give a development build (React dev, no service worker).
  await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: APP_DIR,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function zipEntryCount(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) return reject(error);
      resolve(zip.entryCount);
      zip.close();
    });
  });
}

function zipEntryNames(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
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

async function openApp(path = '/'): Promise<{ page: Page; apiCalls: string[] }> {
  const page = await context.newPage();
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/resolve') apiCalls.push(request.method());
  });
  await page.goto(web.url + path);
  return { page, apiCalls };
}

async function paste(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('TikTok link or share text');
  await box.focus();
  await box.evaluate((input, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

describe.skipIf(!hasChromium)('web app in chromium', () => {
  beforeAll(async () => {
    publicDir = await mkdtemp(join(tmpdir(), 'tiksaver-web-public-'));
    await buildFrontEnd(publicDir);
    await mkdir(RESULTS_DIR, { recursive: true });
    sandbox = await startSandbox();
    web = await startWeb(sandbox, { staticRoot: publicDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    // Service workers off here: requests a worker forwards are not reported as page requests,
    // and the "no request made" check must see every one. The desktop test covers the worker.
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await sandbox?.close();
    if (publicDir) await rm(publicDir, { recursive: true, force: true });
  });

  it('paste a story link: the trace shows the providers and the video downloads byte for byte', async () => {
    const { page } = await openApp();
    await paste(page, `Look at this story! ${sandbox.scenario('story-video').shortLink} #travel`);
    const winner = page.locator('.trace-row[data-provider="native"]');
    await winner.locator('.badge-winner').waitFor();
    await expect(winner.getAttribute('data-status')).resolves.toBe('ok');
    expect(await page.locator('.trace-row').count()).toBeGreaterThanOrEqual(4);
    await page.getByTestId('result').waitFor();
    expect(await page.getByTestId('expiry').textContent()).toMatch(/expires in \d+ h( \d+ min)?/);
    // Focus moves to the result for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-title');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download video' }).click()]);
    expect(download.suggestedFilename()).toBe('mila.travels_7441820391556789262.mp4');
    const saved = await readFile((await download.path())!);
    expect(saved.equals(await readFile(`${MEDIA_DIR}sample.mp4`))).toBe(true);

    await page.screenshot({ path: join(RESULTS_DIR, 'mobile.png'), fullPage: true });
    await page.close();
  });

  it('photo story and photo post: the gallery shows every image and the zip holds them all', async () => {
    const { page } = await openApp();
    const story = sandbox.scenario('story-photo');
    await paste(page, story.link);
    await page.getByTestId('result').waitFor();
    await expect(page.locator('.gallery img').count()).resolves.toBe(story.media.images);

    const post = sandbox.scenario('photo-post');
    await page.getByLabel('TikTok link or share text').fill(post.link);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('zip').waitFor();
    const images = page.locator('.gallery img');
    await expect(images.count()).resolves.toBe(post.media.images);
    // Every image actually loaded through /api/media.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.gallery img')].every((img) => img.complete && img.naturalWidth > 0));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('zip').click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    expect(await zipEntryCount((await download.path())!)).toBe(post.media.images);
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-photo.png'), fullPage: true });
    await page.close();
  });

  it('a wrong link gets the link doctor and no request is made', async () => {
    const { page, apiCalls } = await openApp();
    for (const [input, words] of [
      ['https://www.tiktok.com/@mila.travels', /profile/i],
      ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', /not to TikTok|not a TikTok/i],
      ['just some words', /No TikTok link/i],
    ] as const) {
      await page.getByLabel('TikTok link or share text').fill(input);
      await page.getByRole('button', { name: 'Save' }).click();
      const doctor = page.getByTestId('link-doctor');
      await doctor.waitFor();
      expect(await doctor.textContent()).toMatch(words);
    }
    expect(apiCalls).toEqual([]);

    // A comment link is fine: a note says the post is saved, and the request goes out.
    const post = sandbox.scenario('video-post');
    await page.getByLabel('TikTok link or share text').fill(`${post.link}?comment_id=7438215530219064999`);
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByTestId('link-note').textContent()).toMatch(/comment/i);
    await page.getByTestId('result').waitFor();
    expect(apiCalls).toEqual(['POST']);
    await page.close();
  });

  it("a profile link: the button lists @user's current stories and Save all gives a zip with the three", async () => {
    const { page, apiCalls } = await openApp();
    await paste(page, 'https://www.tiktok.com/@mila.travels');
    await page.getByTestId('link-doctor').waitFor();
    expect(apiCalls).toEqual([]);
    await page.getByRole('button', { name: "Show @mila.travels's current stories" }).click();
    const rows = page.getByTestId('story');
    await page.getByTestId('stories-zip').waitFor();
    await expect(rows.count()).resolves.toBe(3);
    expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort()).toEqual(['photo', 'video', 'video']);
    for (const text of await rows.allTextContents()) expect(text).toMatch(/\d+ h( \d+ min)? left/);
    await expect(page.locator('.story-row').getByRole('link', { name: /^Save/ }).count()).resolves.toBe(3);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stories-zip').click()]);
    expect(download.suggestedFilename()).toBe('mila.travels_stories.zip');
    const names = await zipEntryNames((await download.path())!);
    for (const id of ['story-video', 'story-photo', 'story-video-2'].map((s) => sandbox.scenario(s).itemId)) {
      expect(names.some((n) => n.startsWith(`mila.travels_${id}`)), `${id} in ${names.join(', ')}`).toBe(true);
    }
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-stories.png'), fullPage: true });
    await page.close();
  });

  it('an expired story shows the verdict and the chain stops', async () => {
    const { page } = await openApp();
    await paste(page, sandbox.scenario('story-expired').link);
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/expired/i);
    await expect(page.locator('.trace-row[data-provider="native"]').getAttribute('data-status')).resolves.toBe('failed');
    const others = await page.locator('.trace-row:not([data-provider="native"])').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(others.every((status) => status === 'not-tried' || status === 'skipped')).toBe(true);
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-expired.png'), fullPage: true });
    await page.close();
  });

  it('opens with a shared link (PWA share target) and looks right on a desktop', async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await desktop.newPage();
    const text = `Check out this TikTok ${sandbox.scenario('story-video').link}`;
    await page.goto(`${web.url}/?text=${encodeURIComponent(text)}`);
    await page.getByTestId('result').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByLabel('TikTok link or share text').inputValue()).toContain('/story/');
    await page.screenshot({ path: join(RESULTS_DIR, 'desktop.png'), fullPage: true });
    // The offline shell: a service worker controls the app once installed.
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((registration) => registration.active?.scriptURL))).toMatch(/\/sw\.js$/);

    const manifest = (await (await fetch(`${web.url}/manifest.webmanifest`)).json()) as { share_target: { action: string; params: Record<string, string> }; icons: { src: string }[] };
    expect(manifest.share_target).toMatchObject({ action: '/', params: { text: 'text', url: 'url' } });
    for (const icon of manifest.icons) expect((await fetch(web.url + icon.src)).status).toBe(200);
    await desktop.close();
  });

  it('settings (provider on/off, output) persist across reloads and shape the request', async () => {
    const { page } = await openApp();
    await page.getByText('Settings', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'TikTok (native)' }).uncheck();
    await page.getByRole('radio', { name: 'Audio' }).check();
    await page.reload();
    await page.getByText('Settings', { exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'TikTok (native)' }).isChecked()).toBe(false);
    expect(await page.getByRole('radio', { name: 'Audio' }).isChecked()).toBe(true);

    const sent = page.waitForRequest((request) => request.url().endsWith('/api/resolve'));
    await paste(page, sandbox.scenario('story-video').link);
    const body = JSON.parse((await sent).postData() ?? '{}') as { providers?: string[]; want?: string };
    expect(body.want).toBe('audio');
    expect(body.providers).not.toContain('native');
    await page.getByTestId('result').waitFor();
    await page.locator('.result audio').waitFor();
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('the header fits small phones: brand and navigation never overlap', async () => {
    for (const width of [320, 360]) {
      const small = await browser.newContext({ viewport: { width, height: 640 }, serviceWorkers: 'block' });
      const page = await small.newPage();
      await page.goto(web.url + '/');
      const brand = (await page.locator('.brand').boundingBox())!;
      const nav = (await page.locator('nav').boundingBox())!;
      expect(brand.x + brand.width, `at ${width}px`).toBeLessThanOrEqual(nav.x);
      expect(nav.x + nav.width, `at ${width}px`).toBeLessThanOrEqual(width);
      if (width === 360) {
        // The four output choices share one line.
        const tops = await page.locator('.segmented label').evaluateAll((labels) => labels.map((l) => Math.round(l.getBoundingClientRect().top)));
        expect(new Set(tops).size).toBe(1);
      }
      // Every strategy's label fits the closed select.
      await page.locator('summary', { hasText: 'Settings' }).click();
      const select = page.locator('.settings-body select');
      const fits = await select.evaluate((el: HTMLSelectElement) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = getComputedStyle(el).font;
        const room = el.clientWidth - 40; // padding and the arrow
        return [...el.options].map((o) => [o.text, ctx.measureText(o.text).width <= room] as const);
      });
      for (const [text, ok] of fits) expect(ok, `"${text}" at ${width}px`).toBe(true);
      await small.close();
    }
  });

  it('the guide and compare pages work without a reload', async () => {
    const { page } = await openApp();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Guide' }).click();
    await page.getByRole('heading', { name: /short guide/i }).waitFor();
    expect(await page.textContent('main')).toMatch(/expired/i);
    await nav.getByRole('link', { name: 'Compare' }).click();
    await page.getByLabel('TikTok link or share text').fill(sandbox.scenario('story-video').link);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('.compare-card').first().waitFor();
    expect(await page.locator('.compare-card.is-ok').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-compare.png'), fullPage: true });
    await page.close();
  });

  it('a failed save leads to Compare with the link filled in', async () => {
    const { page, apiCalls } = await openApp();
    await paste(page, sandbox.scenario('post-deleted').link);
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    await verdict.getByRole('link', { name: 'Compare every provider' }).click();
    await page.getByRole('heading', { name: 'Compare providers' }).waitFor();
    await page.locator('.compare-card').first().waitFor();
    expect(await page.getByLabel('TikTok link or share text').inputValue()).toBe(sandbox.scenario('post-deleted').link);
    expect(apiCalls).toEqual(['POST', 'POST']);
    // The verdict reads as a sentence with its hint, not as a shouted section heading.
    expect(await page.locator('#compare-title').textContent()).toBe('Results: no provider could deliver it');
    expect(await page.getByTestId('compare-verdict').textContent()).toMatch(/does not exist.*expired/);
    await page.close();
  });
});
