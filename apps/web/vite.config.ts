import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The front end builds into dist/public (served by dist/server.js, which tsup writes next
// to it). Workspace packages resolve to their TypeScript sources ("source" condition), and
// only browser-safe entries (@tiksaver/core/link) are imported from src/.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist/public',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
});
