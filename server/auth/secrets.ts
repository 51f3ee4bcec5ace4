import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 256-bit random value, URL-safe: session ids, CSRF tokens and API tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Session ids and API tokens are stored as SHA-256 digests, so a copy of the database cannot be
 * used to sign in. They carry 256 bits of entropy, so a fast hash is enough.
 */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
