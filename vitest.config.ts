import { defineConfig } from 'vitest/config';

// One vitest project per workspace package; each package's own vitest.config.ts names it.
// CI asks for a JSON report (its closing "N passed, N failed" line is computed from it).
const jsonReport = process.env.TIKSAVER_VITEST_JSON;

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    ...(jsonReport && {
      reporters: ['default', 'json'],
      outputFile: { json: jsonReport },
    }),
  },
});
