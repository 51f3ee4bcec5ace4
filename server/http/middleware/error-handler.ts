import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../../logger.js';
import { HttpError } from '../request-user.js';
import { closeIfBodyUnread } from '../unread-body.js';

/** Body-parser's error types, as stable codes for the client. */
const PARSER_CODES: Record<string, string> = {
  'entity.too.large': 'payload_too_large',
  'entity.parse.failed': 'invalid_json',
  'encoding.unsupported': 'unsupported_encoding',
  'charset.unsupported': 'unsupported_encoding',
  'request.aborted': 'request_aborted',
};

/** Errors answer as JSON `{error: code}` and never carry a stack trace or row contents. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) {
      logger.error({ method: req.method, path: req.path, err: error instanceof Error ? error.message : 'unknown error' }, 'request failed');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    closeIfBodyUnread(req, res);
    res.status(status).json({ error: codeOf(error, status) });
  };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function codeOf(error: unknown, status: number): string {
  if (status >= 500) return 'internal_error';
  if (error instanceof HttpError) return error.code;
  const type = (error as { type?: unknown }).type;
  if (typeof type === 'string' && PARSER_CODES[type]) return PARSER_CODES[type];
  if (status === 404) return 'not_found';
  return 'bad_request';
}
