import type { RequestHandler } from 'express';
import type { Logger } from '../../logger.js';
import { requestAuth } from './authenticate.js';

/**
 * One line per request once it is answered: method, path (no query string, which may carry
 * area codes a reader chose or a file name), status, time and who. Never bodies or headers.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: by 'finish' a client that went away has taken its socket, and its address, along.
    const ip = req.ip;
    res.on('finish', () => {
      const auth = requestAuth(req);
      logger.info({
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        user: auth?.user.username ?? null,
        ip,
      }, 'request');
    });
    next();
  };
}
