import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the real binary; on a shared 2-core machine that can take a while.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
