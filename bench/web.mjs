/**
 * Web first load: gzip size of the JavaScript the production build's index.html loads
 * before the app can render (entry chunk + modulepreloads), against the 80 kB goal
 * (ratio = value / goal). For scale, the same run builds a minimal React 19 app with the
 * same Vite config: the floor no React front end can go below.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP = join(ROOT, 'apps/web');
const PUBLIC = join(APP, 'dist/public');
const GOAL_KB = 80;

// kB = 1000 bytes, as Vite reports sizes (the stricter reading of "80 KB").
const gzipKB = (buffer) => gzipSync(buffer, { level: 9 }).length / 1000;
const round = (n) => Math.round(n * 100) / 100;

async function firstLoadScripts(dir) {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set(srcs)].map((src) => join(dir, src.replace(/^\//, '')));
}

async function sumGzip(files) {
  let total = 0;
  for (const file of files) total += gzipKB(await readFile(file));
  return total;
}

async function reactFloorKB() {
  const dir = join(APP, 'node_modules/.cache/bench-react-floor');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), '<div id="root"></div><script type="module" src="./main.jsx"></script>');
  await writeFile(
    join(dir, 'main.jsx'),
    "import { useState } from 'react';\nimport { createRoot } from 'react-dom/client';\nfunction App() { const [n, setN] = useState(0); return <button onClick={() => setN(n + 1)}>{n}</button>; }\ncreateRoot(document.getElementById('root')).render(<App />);\n",
  );
  const { build } = await import(pathToFileURL(join(APP, 'node_modules/vite/dist/node/index.js')).href);
  const react = (await import(pathToFileURL(join(APP, 'node_modules/@vitejs/plugin-react/dist/index.js')).href)).default;
  await build({ root: dir, configFile: false, logLevel: 'silent', plugins: [react()], build: { outDir: join(dir, 'dist'), emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } } });
  const kb = await sumGzip(await firstLoadScripts(join(dir, 'dist')));
  await rm(dir, { recursive: true, force: true });
  return kb;
}

export default async function run() {
  if (!existsSync(join(PUBLIC, 'index.html'))) throw new Error('apps/web/dist/public is missing: run `turbo run build` (or `pnpm --filter @tiksaver/web build`) first');
  const first = await firstLoadScripts(PUBLIC);
  const firstKB = await sumGzip(first);
  const assets = join(PUBLIC, 'assets');
  const allJs = (await readdir(assets)).filter((f) => f.endsWith('.js')).map((f) => join(assets, f));
  const totalKB = await sumGzip(allJs);
  const cssKB = await sumGzip((await readdir(assets)).filter((f) => f.endsWith('.css')).map((f) => join(assets, f)));
  const floorKB = await reactFloorKB();
  return {
    name: 'web',
    metrics: [
      { metric: 'first-load JS (gzip) vs the 80 kB goal', value: round(firstKB), unit: 'kB', baseline: GOAL_KB, ratio: round(firstKB / GOAL_KB), goal: '<= 80' },
      { metric: 'first-load JS over a bare React 19 app (same build)', value: round(firstKB - floorKB), unit: 'kB', baseline: round(floorKB), ratio: round(firstKB / floorKB) },
      { metric: 'all JS chunks incl. lazy pages and link doctor (gzip)', value: round(totalKB), unit: 'kB' },
      { metric: 'CSS (gzip)', value: round(cssKB), unit: 'kB' },
    ],
    notes: `first load = ${first.map((f) => f.slice(PUBLIC.length + 1)).join(', ')}; gzip level 9. The link doctor (core's parser + wording), compare, guide, settings and result views are separate chunks loaded after the first render.`,
  };
}
