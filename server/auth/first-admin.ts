import type { Database } from '../db/database.js';
import { audit } from '../audit.js';
import { passwordProblem, randomPassword } from './passwords.js';
import { countUsers, createUser } from './users.js';

export const FIRST_ADMIN = 'admin';

/**
 * With no users yet, creates `admin` with the configured password or a random one. Returns the
 * random password so start-up can show it once; null when nothing was generated.
 */
export async function ensureFirstAdmin(db: Database, configuredPassword: string | null): Promise<{ created: boolean; generatedPassword: string | null }> {
  if ((await countUsers(db)) > 0) return { created: false, generatedPassword: null };
  const problem = configuredPassword === null ? null : passwordProblem(configuredPassword, FIRST_ADMIN);
  if (problem) throw new Error(`CSE_PROFILE_ADMIN_PASSWORD: ${problem}`);
  const password = configuredPassword ?? randomPassword();
  await createUser(db, { username: FIRST_ADMIN, password, role: 'admin', areas: null });
  await audit(db, { action: 'user_created', username: null, ip: null, target: FIRST_ADMIN, details: { role: 'admin', first_start: true } });
  return { created: true, generatedPassword: configuredPassword === null ? password : null };
}
