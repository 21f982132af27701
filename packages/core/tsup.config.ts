import { defineConfig } from 'tsup';

export default defineConfig({
  // link: browser-safe entry (parser + link doctor wording, no HTTP client, no zod) for the web app.
  entry: { index: 'src/index.ts', link: 'src/link/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
