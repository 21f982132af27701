/**
 * The built front end (vite build -> dist/public), served from the same process as the
 * API. Hashed assets are cached for good; the shell, manifest and service worker are
 * revalidated so a new deploy is picked up. Client-side routes fall back to index.html.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/** The front end's routes (src/lib/router.ts). */
const PAGES = new Set(['/', '/compare', '/guide']);

export function mountStaticFiles(app: Hono, root: string): boolean {
  if (!existsSync(join(root, 'index.html'))) return false;
  const onFound = (path: string, c: { header(name: string, value: string): void }) => {
    const immutable = /[\\/]assets[\\/]/.test(path);
    c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
  app.use('*', serveStatic({ root, onFound }));
  // Client-side routes (/, /guide, /compare, share target /?text=...) all load the shell.
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(c.req.path)) return next();
    const page = c.req.path.replace(/\/+$/, '') || '/';
    if (PAGES.has(page)) return serveStatic({ root, path: 'index.html', onFound })(c, next);
    // Anything else is a real 404 (for crawlers and link checkers) with the shell, which
    // shows its "page not found" view.
    const html = await readFile(join(root, 'index.html'), 'utf8');
    c.header('Cache-Control', 'no-cache');
    return c.html(html, 404);
  });
  return true;
}
