import { defineConfig } from 'vitest/config';

// Every test database draws its disclosure perturbation from this one key, so published figures,
// and the differencing audit over them, are the same on every run (docs/disclosure.md).
process.env.CSE_PROFILE_DISCLOSURE_KEY ??= '790f75403c872b3d4b1292bb05b6010b948416d3b4754ca3cda0a587cc76a0ff';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
