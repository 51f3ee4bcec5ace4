import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

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

/**
 * zxcvbn's score: 3 means "safely unguessable" (around 10^8 to 10^10 guesses). Below that are
 * the common-password list (some 30,000 leaked passwords, l33t and reversed forms included),
 * keyboard walks, repeats and sequences: `password1234`, `qwertyuiop12`, `aaaaaaaaaaaa`.
 */
const MIN_SCORE = 3;
let strength: ZxcvbnFactory | null = null;

/** Control characters cannot be typed reliably, survive no copy and paste, and hide in logs. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a new password is unacceptable, or null when it is fine (NIST SP 800-63B 3.1.1.2: a
 * minimum length, no composition rules, refused when blank or found in a list of common ones).
 */
export function passwordProblem(password: string, username = ''): string | null {
  if (password.trim() === '') return 'The password must not be blank or only spaces.';
  if (CONTROL.test(password)) return 'The password must not contain control characters (such as NUL, tab or line breaks).';
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  strength ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const inputs = username === '' ? [] : [username];
  if (strength.check(password, inputs).score < MIN_SCORE) {
    return 'The password is too common or too easy to guess (a well-known password, a keyboard pattern, a repeat or a sequence). A few unrelated words make a strong one.';
  }
  return null;
}

/** 24 URL-safe characters (144 bits): for the first admin when no password is configured. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
