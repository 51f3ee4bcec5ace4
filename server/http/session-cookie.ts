import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'cse_session';

/**
 * HttpOnly (no script can read it), SameSite=Strict (no other site can make the browser send
 * it), and Secure whenever the request came over TLS, directly or via a trusted proxy's
 * X-Forwarded-Proto (see CSE_PROFILE_TRUST_PROXY).
 */
function options(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' };
}

export function setSessionCookie(req: Request, res: Response, id: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, id, { ...options(req), maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, options(req));
}

/** The session cookie's value from the Cookie header, if any. */
export function readSessionCookie(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      // Our ids are base64url; anything else cannot be one of ours.
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
    }
  }
  return null;
}
