import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Shared per-package vitest settings. Workspace packages resolve to their TypeScript
 * sources through the "source" export condition, so tests never need a prior build.
 * Only the condition is added to Vite's defaults: listing "import" here would be handed
 * to Node for external packages too, and turn CommonJS require() calls into ESM loads.
 * The lists below are Vite's own defaults (defaultClientConditions / defaultServerConditions).
 */
const clientConditions = ['module', 'browser', 'development|production'];
const serverConditions = ['module', 'node', 'development|production'];

export function tiksaverProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: { conditions: ['source', ...clientConditions] },
    ssr: { resolve: { conditions: ['source', ...serverConditions] } },
    test: {
      name,
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...extra,
    },
  });
}
