// Renders the SVG logo to the PNG icons the web manifest needs (run once; PNGs are committed):
//   node apps/web/scripts/make-icons.mjs
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../public/', import.meta.url));
const logo = await readFile(`${dir}favicon.svg`, 'utf8');
// Maskable icons are cropped to a circle by some launchers: full-bleed colour, glyph in the 80% safe zone.
const maskable = logo
  .replace('rx="14" ', '')
  .replace(/(<path[\s\S]*)<\/svg>/, '<g transform="translate(12.8 12.8) scale(0.6)">$1</g></svg>');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const page = await browser.newPage();
for (const [name, svg, size] of [
  ['icon-192.png', logo, 192],
  ['icon-512.png', logo, 512],
  ['maskable-512.png', maskable, 512],
  ['apple-touch-icon.png', maskable, 180],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await writeFile(`${dir}icons/${name}`, await page.screenshot({ omitBackground: true }));
}
await browser.close();
