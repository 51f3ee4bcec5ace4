import type { RequestHandler } from 'express';
import { secretsEqual } from '../../auth/secrets.js';
import { requestAuth } from './authenticate.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write made with the session cookie must carry the session's token in X-CSRF-Token: another
 * site can make a browser send the cookie (SameSite aside) but cannot read the token. Bearer
 * tokens are never sent by a browser on its own, so those requests need no such check.
 */
export const csrfProtection: RequestHandler = (req, res, next) => {
  const auth = requestAuth(req);
  if (SAFE_METHODS.has(req.method) || auth?.via !== 'session') {
    next();
    return;
  }
  const token = req.get('x-csrf-token');
  if (!token || !secretsEqual(token, auth.session.csrfToken)) {
    res.status(403).json({ error: 'csrf_token_invalid' });
    return;
  }
  next();
};
