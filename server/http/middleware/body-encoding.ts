import type { RequestHandler } from 'express';
import { closeIfBodyUnread } from '../unread-body.js';

/**
 * Request bodies are taken only as sent. A compressed body can inflate a thousandfold (150 KB of
 * gzip is 150 MB of newlines), past every size limit that counts bytes on the wire, so a body
 * with any `Content-Encoding` but `identity` is refused before a parser or spool reads it. No
 * client of ours compresses what it sends; answers are still compressed for those that accept it.
 */
export function refuseEncodedBodies(): RequestHandler {
  return (req, res, next) => {
    const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') {
      next();
      return;
    }
    closeIfBodyUnread(req, res);
    res.status(415).json({
      error: 'unsupported_content_encoding',
      message: 'Send the body uncompressed (no Content-Encoding header).',
    });
  };
}
