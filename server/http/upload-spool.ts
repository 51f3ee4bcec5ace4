import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { HttpError } from './request-user.js';
import { stripBidiControls } from '../../pipelines/bidi-controls.js';

export interface SpooledBody {
  path: string;
  bytes: number;
  sha256: string;
}

/** Counts and hashes the bytes going past, and stops the stream beyond the limit. */
class LimitAndHash extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly maxBytes: number,
    private readonly onBytes: (bytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.onBytes(this.bytes);
    if (this.bytes > this.maxBytes) {
      callback(new HttpError(413, 'payload_too_large'));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Streams a request body to a new file in `dir` (never the whole body in memory) and calls
 * `use` with it. The file is removed afterwards whatever happens: a finished or failed `use`,
 * an oversized body, or a client that goes away halfway.
 */
export async function withSpooledBody<T>(
  req: Request,
  options: { dir: string; maxBytes: number; onBytes?: (bytes: number) => void },
  use: (body: SpooledBody) => Promise<T>,
): Promise<T> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxBytes) throw new HttpError(413, 'payload_too_large');
  const path = join(options.dir, `${randomUUID()}.upload`);
  try {
    const meter = new LimitAndHash(options.maxBytes, options.onBytes ?? (() => {}));
    try {
      await pipeline(req, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      // The client went away or sent a broken body: nothing to answer, nothing to keep.
      throw new HttpError(400, 'request_aborted');
    }
    return await use({ path, bytes: meter.bytes, sha256: meter.digest() });
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * The name the user gave the file, from `X-File-Name` (percent-encoded if not ASCII) or
 * `?filename=`: only its last path segment, without control or reserved characters. It is
 * recorded in the upload log, never used as a path.
 */
export function uploadFileName(header: string | undefined, query: unknown): string {
  let name = header ?? (typeof query === 'string' ? query : '');
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded after all: keep it as sent.
  }
  const last = name.split(/[\\/]/).pop() ?? '';
  const clean = stripBidiControls(last)
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return clean || 'upload.csv';
}
