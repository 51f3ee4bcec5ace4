import type { Request, Response } from 'express';

/**
 * When a request is answered before its body was read (401, 403, 413, …), Node would otherwise
 * read and discard the rest to keep the connection alive: up to an upload's worth of bytes from
 * someone who may not even be signed in. Closing the connection after the answer avoids that.
 */
export function closeIfBodyUnread(req: Request, res: Response): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.complete && !res.headersSent) res.set('Connection', 'close');
}
