import type { Request, RequestHandler } from 'express';
import type { Session } from '../../auth/sessions.js';
import type { AuthUser } from '../../auth/roles.js';
import type { AppContext } from '../app-context.js';
import { setCurrentUser } from '../request-user.js';
import { readSessionCookie } from '../session-cookie.js';
import { closeIfBodyUnread } from '../unread-body.js';

/** How a request proved who it is: the CSRF check applies only to sessions (cookies). */
export type RequestAuth =
  | { via: 'session'; user: AuthUser; session: Session }
  | { via: 'token'; user: AuthUser; tokenId: number };

const auths = new WeakMap<Request, RequestAuth>();

export function requestAuth(req: Request): RequestAuth | undefined {
  return auths.get(req);
}

/**
 * Every /api request past this point is signed in: a bearer token (scripts) or the session
 * cookie (browsers). Anything else is answered 401 with no hint of which part was wrong.
 */
export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const auth = await identify(ctx, req);
    if (!auth) {
      closeIfBodyUnread(req, res);
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    auths.set(req, auth);
    setCurrentUser(req, auth.user);
    next();
  };
}

async function identify(ctx: AppContext, req: Request): Promise<RequestAuth | null> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    // A malformed Authorization header is refused rather than ignored in favour of a cookie.
    const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(header);
    const found = match ? await ctx.tokens.authenticate(match[1]!) : null;
    return found ? { via: 'token', user: found.user, tokenId: found.tokenId } : null;
  }
  const id = readSessionCookie(req);
  const session = id ? await ctx.sessions.lookup(id) : null;
  return session ? { via: 'session', user: session.user, session } : null;
}
