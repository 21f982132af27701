import { defineConfig } from 'vitest/config';

// One vitest project per workspace package; each package's own vitest.config.ts names it.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
