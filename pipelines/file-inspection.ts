import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** The upload log's SHA-256 of a file, read in one streaming pass in bounded memory. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export interface FileInspection {
  sha256: string;
  /** False when some byte sequence is not UTF-8: the file is then read as Windows-1252. */
  utf8: boolean;
}

/**
 * Hash and encoding in one pass, for files read outside DuckDB's CSV reader (which checks the
 * encoding of extracts itself).
 */
export async function inspectFile(path: string): Promise<FileInspection> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  return { sha256: hash.digest('hex'), utf8 };
}

/** Rewrites a Windows-1252 file (what Excel's "CSV (Comma delimited)" writes) as UTF-8. */
export async function transcodeWindows1252(from: string, to: string): Promise<void> {
  const decoder = new TextDecoder('windows-1252');
  const toUtf8 = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  await pipeline(createReadStream(from), toUtf8, createWriteStream(to));
}
