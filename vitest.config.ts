import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ first: the end-to-end tests run the real binary.
    globalSetup: ['test/global-setup.ts'],
    // "Today" is the local day: every test sees the same time zone, whatever the machine's.
    // Spawned runs get theirs from cleanEnv() in test/helpers/cli.ts.
    env: { TZ: 'UTC' },
    // End-to-end tests spawn the real binary; on a shared 2-core machine that can take a while.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
