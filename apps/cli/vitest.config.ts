import { tiksaverProject } from '../../vitest.shared';

// End-to-end tests run the built CLI as a child process; global-setup builds it when stale.
export default tiksaverProject('cli', {
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 90_000,
  hookTimeout: 180_000,
});
