/**
 * Shared set-up for the browser tests: the production build of the front end, served by the
 * real server on a sandbox, in Debian's chromium (playwright-core), plus the checks the tests
 * share (axe-core, "in view", paste). Skips with a message when chromium is missing (CI
 * installs it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import yauzl from 'yauzl';
import { startSandbox, type Sandbox } from '@tiksaver/sandbox';
import { startWeb, zipNames, type WebUnderTest } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
// Screenshots of the main states, for people to look at (git-ignored).
export const RESULTS_DIR = join(APP_DIR, 'test', 'screenshots');
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LAUNCH_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[web browser tests] skipped: ${CHROMIUM} not found (apt-get install chromium)`);

async function buildFrontEnd(outDir: string): Promise<void> {
  const vite = join(APP_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  // vitest sets NODE_ENV=test, which would give a development build (React dev, no service worker).
  await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: APP_DIR,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export function zipEntryCount(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) return reject(error);
      resolve(zip.entryCount);
      zip.close();
    });
  });
}

export async function zipEntryNames(path: string): Promise<string[]> {
  return zipNames(await readFile(path));
}

export async function paste(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('TikTok link or share text');
  // A paste replaces the whole box (what a user does with a link already in it).
  await box.selectText();
  await box.evaluate((input, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** axe-core in the page: no serious or critical WCAG 2.2 A/AA violation. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(node: Document, options: unknown): Promise<{ passes: { id: string }[]; violations: { id: string; impact?: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const { violations, passes } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    // axe really looked: contrast, names, target sizes... were checked.
    if (!passes.some((rule) => rule.id === 'color-contrast')) return ['axe did not check colour contrast'];
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`);
  });
  expect(found, state).toEqual([]);
}

/** The element is on screen, below the sticky header, without the user scrolling. */
export async function expectInView(page: Page, selector: string, what: string): Promise<void> {
  const box = await page.locator(selector).first().evaluate((el) => {
    const rect = el.getBoundingClientRect();
    const header = document.querySelector('.top')?.getBoundingClientRect().bottom ?? 0;
    return { top: rect.top, bottom: rect.bottom, header, height: window.innerHeight };
  });
  expect(box.top, `${what}: top below the header`).toBeGreaterThanOrEqual(box.header - 1);
  expect(box.bottom, `${what}: bottom inside the viewport`).toBeLessThanOrEqual(box.height + 1);
}

export const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

export interface BrowserSuite {
  sandbox: Sandbox;
  web: WebUnderTest;
  browser: Browser;
  /** Phone-sized (390x844), service workers off, downloads on. */
  context: BrowserContext;
  publicDir: string;
  /** A new page on the app; apiCalls lists the methods of /api/resolve requests it made. */
  openApp(path?: string): Promise<{ page: Page; apiCalls: string[] }>;
}

/** One build, sandbox, server and chromium for the whole test file, closed after it. */
export function browserSuite(): BrowserSuite {
  const env = {} as BrowserSuite;
  env.openApp = async (path = '/') => {
    const page = await env.context.newPage();
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/resolve') apiCalls.push(request.method());
    });
    await page.goto(env.web.url + path);
    return { page, apiCalls };
  };
  beforeAll(async () => {
    if (!hasChromium) return;
    env.publicDir = await mkdtemp(join(tmpdir(), 'tiksaver-web-public-'));
    await buildFrontEnd(env.publicDir);
    await mkdir(RESULTS_DIR, { recursive: true });
    env.sandbox = await startSandbox();
    env.web = await startWeb(env.sandbox, { staticRoot: env.publicDir });
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    // Service workers off here: requests a worker forwards are not reported as page requests,
    // and the "no request made" check must see every one. The desktop test covers the worker.
    env.context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.web?.close();
    await env.sandbox?.close();
    if (env.publicDir) await rm(env.publicDir, { recursive: true, force: true });
  });
  return env;
}
