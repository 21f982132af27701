import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Shared per-package vitest settings. Workspace packages resolve to their TypeScript
 * sources through the "source" export condition, so tests never need a prior build.
 */
export function tiksaverProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: { conditions: ['source', 'import', 'default'] },
    ssr: { resolve: { conditions: ['source', 'import', 'default'], externalConditions: ['source'] } },
    test: {
      name,
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...extra,
    },
  });
}
