// Builds the product (unless E2E_SKIP_BUILD=1), starts one server for every e2e test file, adds
// the analyst and viewer accounts, and hands the base URL to the tests.
import { execSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { addTestUsers, startServer, type RunningServer } from './server-process.js';

let server: RunningServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.E2E_SKIP_BUILD !== '1') execSync('npm run build', { stdio: 'inherit' });
  server = await startServer();
  await addTestUsers(server.baseUrl);
  project.provide('baseUrl', server.baseUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
