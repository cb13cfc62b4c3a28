import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real processes and sockets; two cores, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
