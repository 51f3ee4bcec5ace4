import { defineConfig } from 'vitest/config';

// Every test database draws its disclosure perturbation from this one key, so published figures,
// and the differencing audit over them, are the same on every run (docs/disclosure.md).
process.env.CSE_PROFILE_DISCLOSURE_KEY ??= '790f75403c872b3d4b1292bb05b6010b948416d3b4754ca3cda0a587cc76a0ff';

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
