import express, { Router, type Request } from 'express';
import { failPasswordCheck, MAX_PASSWORD_LENGTH, verifyPassword } from '../../auth/passwords.js';
import type { AuthUser } from '../../auth/roles.js';
import { digestSecret } from '../../auth/secrets.js';
import { findCredentials, normaliseUsername, toAuthUser } from '../../auth/users.js';
import { audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { requestAuth } from '../middleware/authenticate.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../session-cookie.js';

/** What the client learns on sign-in: who, what they may do, and the token for its writes. */
function sessionBody(user: AuthUser, csrfToken: string | null) {
  return { user: user.username, role: user.role, areas: user.areas, csrfToken };
}

interface Credentials {
  username: string;
  password: string;
}

function readCredentials(req: Request): Credentials | null {
  const body = req.body as { username?: unknown; password?: unknown } | undefined;
  if (typeof body?.username !== 'string' || typeof body.password !== 'string') return null;
  const username = normaliseUsername(body.username);
  if (!username || username.length > 64 || !body.password || body.password.length > MAX_PASSWORD_LENGTH) return null;
  return { username, password: body.password };
}

/**
 * POST /api/session (sign in), and GET /api/session for a browser that is not signed in: it
 * answers `{"user":null}` rather than 401, so the sign-in page makes no failing request.
 */
export function signInRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/session', async (req, res, next) => {
    // A script presenting a token is judged by authenticate: a bad token stays a loud 401.
    if (req.headers.authorization !== undefined) return next();
    const id = readSessionCookie(req);
    if (id && (await ctx.sessions.lookup(id))) return next();
    if (id) clearSessionCookie(req, res);
    res.json({ user: null });
  });
  router.post('/api/session', express.json({ limit: '8kb', inflate: false }), async (req, res) => {
    const credentials = readCredentials(req);
    if (!credentials) {
      res.status(400).json({ error: 'username_and_password_required' });
      return;
    }
    const { username, password } = credentials;
    const ip = req.ip ?? 'unknown';
    const admission = ctx.signInDelay.admit(username, ip);
    if (!admission.ok) {
      await audit(ctx.db, { action: 'sign_in_failed', username, ip, details: { reason: 'too_many_waiting' } });
      res.set('Retry-After', String(admission.retryAfterSeconds)).status(429).json({ error: 'too_many_attempts' });
      return;
    }
    let account: Awaited<ReturnType<typeof findCredentials>>;
    let ok: boolean;
    try {
      // After repeated failures the check waits first; it is never refused, so nobody can lock
      // another person out by guessing their name (docs/security.md).
      if (admission.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, admission.delayMs));
      account = await findCredentials(ctx.db, username);
      // Unknown and disabled names still pay for a hash, so timing tells nothing.
      ok = account && !account.user.disabled ? await verifyPassword(account.passwordHash, password) : await failPasswordCheck(password);
    } finally {
      admission.release();
    }
    if (!ok || !account) {
      ctx.signInDelay.recordFailure(username, ip);
      const reason = !account ? 'unknown_user' : account.user.disabled ? 'disabled' : 'wrong_password';
      await audit(ctx.db, { action: 'sign_in_failed', username, ip, details: { reason, delayed_ms: admission.delayMs } });
      res.status(401).json({ error: 'invalid_credentials' });
      return;
    }
    ctx.signInDelay.recordSuccess(username);
    // A fresh id on every sign-in; the browser's previous session, if any, ends here.
    const previous = readSessionCookie(req);
    if (previous) await ctx.sessions.destroy(digestSecret(previous));
    const user = toAuthUser(account.user);
    const { id, session } = await ctx.sessions.create(user);
    setSessionCookie(req, res, id, ctx.config.session.lifetimeMs);
    await audit(ctx.db, { action: 'sign_in', username, ip });
    res.json(sessionBody(user, session.csrfToken));
  });
  return router;
}

/** GET /api/session (who am I) and DELETE /api/session (sign out), behind authentication. */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/session', (req, res) => {
    const auth = requestAuth(req)!;
    res.json(sessionBody(auth.user, auth.via === 'session' ? auth.session.csrfToken : null));
  });
  router.delete('/api/session', async (req, res) => {
    const auth = requestAuth(req)!;
    if (auth.via === 'session') {
      await ctx.sessions.destroy(auth.session.idHash);
      await audit(ctx.db, { action: 'sign_out', username: auth.user.username, ip: req.ip ?? null });
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  return router;
}
