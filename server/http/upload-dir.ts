import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';

/** CSE_PROFILE_UPLOAD_DIR, or `<database>.uploads` beside the file (a fresh temp dir for ':memory:'). */
export function uploadDirFor(db: Database, config: ServerConfig): string {
  if (config.uploadDir) return resolve(config.uploadDir);
  if (db.path === ':memory:') return mkdtempSync(join(tmpdir(), 'cse-profile-uploads-'));
  return `${db.path}.uploads`;
}

/** Creates the directory, private to this user, and removes what a killed server left in it. */
export function prepareUploadDir(dir: string, { clear }: { clear: boolean }): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!clear) return;
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
}
