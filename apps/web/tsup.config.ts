import { defineConfig } from 'tsup';

// The server bundles to dist/server.js next to dist/public (the Vite build), so tsup must
// not clean dist/ (Vite empties only its own subfolder).
export default defineConfig({
  entry: { server: 'server/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: false,
  dts: false,
  sourcemap: true,
  // Workspace packages are built (dist) before this one; node_modules stay external.
});
