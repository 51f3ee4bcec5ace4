import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are hashed with the library's defaults: argon2id, 19 MiB, 2 passes, 1 lane (OWASP's
 * recommended minimum). A test pins the `$argon2id$` prefix in case a default ever changes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    // A malformed stored hash must fail closed, not crash the sign-in.
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends as long as a real check and fails. Used for unknown, disabled and locked-out names so
 * that the answer's timing does not reveal which of them it was.
 */
export async function failPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(32).toString('base64url'));
  await verify(await dummyHash, password);
  return false;
}

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; short enough that hashing it is no denial of service. */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a new password is unacceptable, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

/** 24 URL-safe characters (144 bits): for the first admin when no password is configured. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
