/**
 * The front end in Debian's chromium (playwright-core), against the real server with the
 * embedded sandbox, as `pnpm demo` runs it: pasting, downloads, the gallery and zip, the link
 * doctor, settings, the share target, small phones, the other pages.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_DIR } from '@tiksaver/sandbox';
import { browserSuite, hasChromium, paste, RESULTS_DIR, zipEntryCount, zipEntryNames, expectAccessible } from './browser-harness.js';

describe.skipIf(!hasChromium)('web app in chromium', () => {
  const env = browserSuite();

  it('paste a story link: the trace shows the providers and the video downloads byte for byte', async () => {
    const { page } = await env.openApp();
    await paste(page, `Look at this story! ${env.sandbox.scenario('story-video').shortLink} #travel`);
    await page.getByTestId('result').waitFor();
    // Focus moves to the result for keyboard and screen-reader users.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-title');
    // The trace is one line ("Found by ... · N others not needed") that opens into every row.
    const summary = page.locator('.trace-summary');
    expect(await summary.textContent()).toMatch(/^Found by .+ in \d+ m?s( · \d+ others? failed)? · \d+ others? not needed$/);
    await summary.click();
    const winner = page.locator('.trace-row.is-winner');
    await winner.locator('.badge-winner').waitFor();
    await expect(winner.getAttribute('data-status')).resolves.toBe('ok');
    expect(await page.locator('.trace-row').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('expiry').textContent()).toMatch(/expires in \d+ h( \d+ min)?/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download video' }).click()]);
    expect(download.suggestedFilename()).toBe('mila.travels_7441820391556789262.mp4');
    const saved = await readFile((await download.path())!);
    expect(saved.equals(await readFile(`${MEDIA_DIR}sample.mp4`))).toBe(true);

    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-story-full.png'), fullPage: true });
    await page.close();
  });

  it("a profile link: the button lists @user's current stories and Save all gives a zip with the three", async () => {
    const { page, apiCalls } = await env.openApp();
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
    for (const id of ['story-video', 'story-photo', 'story-video-2'].map((s) => env.sandbox.scenario(s).itemId)) {
      expect(names.some((n) => n.startsWith(`mila.travels_${id}`)), `${id} in ${names.join(', ')}`).toBe(true);
    }
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-stories.png'), fullPage: true });
    await page.close();
  });

  it('photo story and photo post: the gallery shows every image and the zip holds them all', async () => {
    const { page } = await env.openApp();
    const story = env.sandbox.scenario('story-photo');
    await paste(page, story.link);
    await page.getByTestId('result').waitFor();
    await expect(page.locator('.gallery img').count()).resolves.toBe(story.media.images);
    // One photo: a primary "Download photo" with its size.
    // The size arrives a moment after the result (a HEAD on the media link when the provider did not say it).
    await expect.poll(() => page.getByTestId('primary').textContent()).toMatch(/^Download photo\d+(\.\d)? (KB|MB|B)$/);

    const post = env.sandbox.scenario('photo-post');
    await page.getByLabel('TikTok link or share text').fill(post.link);
    await page.getByRole('button', { name: 'Save' }).click();
    const zip = page.getByTestId('primary');
    await zip.waitFor();
    // Counts agree: the button, the gallery and the post.
    expect(await zip.textContent()).toBe(`Download all ${post.media.images} as zip`);
    expect(await page.locator('.gallery').getAttribute('aria-label')).toBe(`${post.media.images} images`);
    const images = page.locator('.gallery img');
    await expect(images.count()).resolves.toBe(post.media.images);
    // Every image actually loaded through /api/media.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.gallery img')].every((img) => img.complete && img.naturalWidth > 0));

    const [download] = await Promise.all([page.waitForEvent('download'), zip.click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    expect(await zipEntryCount((await download.path())!)).toBe(post.media.images);
    // Multi-select: three ticked images make a zip of three.
    for (const n of [1, 4, 9]) await page.getByRole('checkbox', { name: `Select image ${n}`, exact: true }).check();
    const selected = page.getByTestId('zip-selected');
    expect(await selected.textContent()).toBe('Download 3 selected (zip)');
    const [some] = await Promise.all([page.waitForEvent('download'), selected.click()]);
    expect(await zipEntryCount((await some.path())!)).toBe(3);
    // Each image opens full size.
    expect(await page.getByRole('link', { name: /^Image 1 of 12, full size/ }).getAttribute('href')).toMatch(/^\/api\/media\/.+\?inline=1$/);
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-photo.png'), fullPage: true });
    await page.close();
  });

  it('a wrong link gets the link doctor and no request is made', async () => {
    const { page, apiCalls } = await env.openApp();
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
    const post = env.sandbox.scenario('video-post');
    await page.getByLabel('TikTok link or share text').fill(`${post.link}?comment_id=7438215530219064999`);
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByTestId('link-note').textContent()).toMatch(/comment/i);
    await page.getByTestId('result').waitFor();
    expect(apiCalls).toEqual(['POST']);
    await page.close();
  });

  it('an expired story shows the verdict and the chain stops', async () => {
    const { page } = await env.openApp();
    await paste(page, env.sandbox.scenario('story-expired').link);
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
    const desktop = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await desktop.newPage();
    const text = `Check out this TikTok ${env.sandbox.scenario('story-video').link}`;
    await page.goto(`${env.web.url}/?text=${encodeURIComponent(text)}`);
    await page.getByTestId('result').waitFor();
    // The share text becomes the story's own address, so a reload shows the same story.
    expect(new URL(page.url()).searchParams.get('url')).toBe(env.sandbox.scenario('story-video').link);
    expect(await page.getByLabel('TikTok link or share text').inputValue()).toContain('/story/');
    await page.screenshot({ path: join(RESULTS_DIR, 'desktop.png'), fullPage: true });
    // The offline shell: a service worker controls the app once installed.
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((registration) => registration.active?.scriptURL))).toMatch(/\/sw\.js$/);

    const manifest = (await (await fetch(`${env.web.url}/manifest.webmanifest`)).json()) as { share_target: { action: string; params: Record<string, string> }; icons: { src: string }[] };
    expect(manifest.share_target).toMatchObject({ action: '/', params: { text: 'text', url: 'url' } });
    for (const icon of manifest.icons) expect((await fetch(env.web.url + icon.src)).status).toBe(200);
    await desktop.close();
  });

  it('settings (provider on/off, a pinned output) persist across reloads and shape the request; an unpinned output goes back to Auto', async () => {
    const { page } = await env.openApp();
    await page.getByRole('radio', { name: 'Images' }).check();
    await page.reload();
    expect(await page.getByRole('radio', { name: 'Auto' }).isChecked()).toBe(true);
    await page.getByText('Settings', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'TikTok (native)' }).uncheck();
    await page.getByRole('radio', { name: 'Audio' }).check();
    await page.getByRole('checkbox', { name: /Keep .Save as: Audio. for my next visits/ }).check();
    await page.reload();
    await page.getByText('Settings', { exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'TikTok (native)' }).isChecked()).toBe(false);
    expect(await page.getByRole('radio', { name: 'Audio' }).isChecked()).toBe(true);

    const sent = page.waitForRequest((request) => request.url().endsWith('/api/resolve'));
    await paste(page, env.sandbox.scenario('story-video').link);
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
      const small = await env.browser.newContext({ viewport: { width, height: 640 }, serviceWorkers: 'block' });
      const page = await small.newPage();
      await page.goto(env.web.url + '/');
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
    const { page } = await env.openApp();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Guide' }).click();
    await page.getByRole('heading', { name: /short guide/i }).waitFor();
    expect(await page.textContent('main')).toMatch(/expired/i);
    await nav.getByRole('link', { name: 'Compare' }).click();
    await page.getByLabel('TikTok link or share text').fill(env.sandbox.scenario('story-video').link);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('.compare-card').first().waitFor();
    expect(await page.locator('.compare-card.is-ok').count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'compare');
    await page.screenshot({ path: join(RESULTS_DIR, 'mobile-compare.png'), fullPage: true });
    await page.close();
  });

  it('a failed save leads to Compare with the link filled in', async () => {
    const { page, apiCalls } = await env.openApp();
    await paste(page, env.sandbox.scenario('post-deleted').link);
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    await verdict.getByRole('link', { name: 'Compare every provider' }).click();
    await page.getByRole('heading', { name: 'Compare providers' }).waitFor();
    await page.locator('.compare-card').first().waitFor();
    expect(await page.getByLabel('TikTok link or share text').inputValue()).toBe(env.sandbox.scenario('post-deleted').link);
    expect(apiCalls).toEqual(['POST', 'POST']);
    // The verdict reads as a sentence with its hint, not as a shouted section heading.
    expect(await page.locator('#compare-title').textContent()).toBe('Results: no provider could deliver it');
    expect(await page.getByTestId('compare-verdict').textContent()).toMatch(/does not exist.*expired/);
    // Stopped before any provider (a dead short link): still one row per provider, saying why.
    const providers = ((await (await fetch(`${env.web.url}/api/providers`)).json()) as { providers: { enabled?: boolean }[] }).providers.filter((p) => p.enabled !== false);
    await page.getByLabel('TikTok link or share text').fill(env.sandbox.scenario('dead-short-link').shortLink);
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('.compare-card', { hasText: 'not asked: ' }).first().waitFor();
    expect(await page.locator('.compare-card', { hasText: 'not asked: ' }).count()).toBe(providers.length);
    await page.close();
  });
});
