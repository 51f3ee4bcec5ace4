import { open } from 'node:fs/promises';
import Papa from 'papaparse';

export type Delimiter = ',' | '\t' | ';';

export interface CsvHeader {
  /** Names as written (BOM removed). */
  raw: string[];
  /** Trimmed, lower-cased, spaces and hyphens read as underscores. */
  names: string[];
  delimiter: Delimiter;
}

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];
const CHUNK = 64 * 1024;
/** No header is this long; reading stops here, so a file with no line break is not read whole. */
export const MAX_HEADER_CHARS = 64 * 1024;

/** `Area Code` and `area-code` both mean `area_code`. */
export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The first line of a file, up to the first line break outside quotes. */
export async function readFirstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    let text = '';
    let position = 0;
    const decoder = new TextDecoder('utf-8');
    for (;;) {
      const buffer = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) return text;
      position += bytesRead;
      text += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      const end = lineEnd(text);
      if (end >= 0) return text.slice(0, end);
      if (text.length >= MAX_HEADER_CHARS) return text.slice(0, MAX_HEADER_CHARS);
    }
  } finally {
    await handle.close();
  }
}

function lineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return i;
  }
  return -1;
}

/**
 * The delimiter is decided from the header line alone, where the column names make the choice
 * unambiguous; a sniffer guessing from data rows can silently pick the wrong one.
 */
export function detectDelimiter(headerLine: string): Delimiter {
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = countOutsideQuotes(headerLine, d);
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, ch: string): number {
  let quoted = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) count++;
  }
  return count;
}

export function parseHeader(line: string): CsvHeader {
  const clean = line.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(clean);
  const parsed = Papa.parse<string[]>(clean, { delimiter, header: false });
  const raw = parsed.data[0] ?? [];
  return { raw, names: raw.map(normaliseColumnName), delimiter };
}
