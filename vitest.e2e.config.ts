import { defineConfig } from 'vitest/config';

// End-to-end tests: a real server on a free port with a fresh demo database, driven by headless
// Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH). `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
