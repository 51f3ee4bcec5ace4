import type { Request, RequestHandler } from 'express';
import type { AuthUser, Role } from '../auth/roles.js';
import { closeIfBodyUnread } from './unread-body.js';

/**
 * The signed-in user of a request, set once by the authentication middleware. A WeakMap rather
 * than a property on `req` keeps Express's types untouched and the user impossible to forge from
 * request data.
 */
const users = new WeakMap<Request, AuthUser>();

/** An error the JSON error handler answers with its status and code (never a stack). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

export function setCurrentUser(req: Request, user: AuthUser): void {
  users.set(req, user);
}

/** The user a route acts for. Throws a 401 if the route was mounted outside authentication. */
export function currentUser(req: Request): AuthUser {
  const user = users.get(req);
  if (!user) throw new HttpError(401, 'unauthenticated');
  return user;
}

/** Lets the request through only for the given roles: 401 without sign-in, 403 otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    const user = users.get(req);
    if (!user || !roles.includes(user.role)) closeIfBodyUnread(req, res);
    if (!user) {
      res.status(401).json({ error: 'unauthenticated' });
      return;
    }
    if (!roles.includes(user.role)) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    next();
  };
}
