import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * A self-contained ESM bundle: workspace packages and their dependencies are bundled in
 * (pnpm does not expose them to apps/cli at run time). dist/tiksaver.js holds only the
 * argument parser and help; everything behind a dynamic import() goes to dist/lib/ chunks.
 * Measured (bench/cli.mjs): one 3.9 MB file costs ~60-80 ms of parsing on every start even
 * when its modules are never initialised; split, --help costs ~15 ms over bare node.
 * Workspace packages are bundled from their TypeScript sources ("source" condition), so
 * the CLI never depends on a stale dist/ of core or providers.
 */
export default defineConfig({
  entry: { tiksaver: 'src/tiksaver.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  dts: false,
  // Everything is bundled except the sandbox: it serves media files it finds relative to
  // its own module (packages/sandbox/media), so it runs from its built dist (--sandbox only).
  noExternal: [/^(?!@tiksaver\/sandbox$)/],
  external: ['@tiksaver/sandbox'],
  define: { __TIKSAVER_VERSION__: JSON.stringify(pkg.version) },
  esbuildOptions(options) {
    options.chunkNames = 'lib/[name]-[hash]';
    options.conditions = ['source', 'import', 'node', 'default'];
  },
  banner: {
    // CommonJS dependencies (cli-progress, undici...) call require() for Node built-ins.
    js: "#!/usr/bin/env node\nimport { createRequire as __tiksaverCreateRequire } from 'node:module';\nconst require = __tiksaverCreateRequire(import.meta.url);",
  },
});
