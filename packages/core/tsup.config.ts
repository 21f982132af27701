import { defineConfig } from 'tsup';

export default defineConfig({
  // link and words: browser-safe entries (parser + link doctor wording; error and reason
  // words) with no HTTP client and no zod, for the web app.
  entry: { index: 'src/index.ts', link: 'src/link/index.ts', words: 'src/words.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
