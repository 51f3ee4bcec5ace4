/**
 * Free text in action plans is often pasted from web pages and documents, HTML and all
 * (`<p>…</p> <ul style="…"> • Mapping …`). We keep what a reader needs (paragraphs as lines,
 * list items as "• " lines) and nothing a browser could run: every tag goes, script and style
 * go with their content, and the result holds no `<` that could open a tag.
 */
import { stripBidiControls } from '../bidi-controls.js';

/** Elements whose content is code or markup, never text for a reader. */
const HIDDEN_ELEMENTS = 'script|style|noscript|template|iframe|object|svg|math|textarea|title|head';
const HIDDEN_BLOCK = new RegExp(
  String.raw`<(${HIDDEN_ELEMENTS})\b[^>]*>[\s\S]*?(?:<\/\1\b[^>]*>|$)`,
  'gi',
);
/** A lone opening or closing tag of a hidden element (its partner was mangled). */
const HIDDEN_TAG = new RegExp(String.raw`<\/?(?:${HIDDEN_ELEMENTS})\b[^>]*(?:>|$)`, 'gi');
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const DECLARATION = /<[!?][\s\S]*?(?:>|$)/g;
const LIST_ITEM = /<li\b(?:"[^"]*"|'[^']*'|[^'">])*(?:>|$)/gi;
const BLOCK_ELEMENTS = 'br|p|div|ul|ol|li|dl|dt|dd|tr|table|thead|tbody|tfoot|h[1-6]|blockquote|pre|hr'
  + '|section|article|header|footer|address|figure|figcaption';
const LINE_BREAK = new RegExp(String.raw`<\/?(?:${BLOCK_ELEMENTS})\b(?:"[^"]*"|'[^']*'|[^'">])*(?:>|$)`, 'gi');
const CELL = /<\/?t[dh]\b(?:"[^"]*"|'[^']*'|[^'">])*(?:>|$)/gi;
/** Any other tag; quoted attribute values may hold `>`. */
const TAG = /<\/?[a-z](?:"[^"]*"|'[^']*'|[^'">])*(?:>|$)/gi;
/** What is left of a tag whose quotes never closed. */
const BROKEN_TAG = /<\/?[a-z][^>]*(?:>|$)/gi;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z][a-z0-9]{1,31}));?/gi;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', pound: '£', euro: '€',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„',
  hellip: '…', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™', deg: '°', sect: '§',
  para: '¶', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', laquo: '«', raquo: '»',
  shy: '', zwsp: '', eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', iacute: 'í', oacute: 'ó',
  uacute: 'ú', ccedil: 'ç', ntilde: 'ñ', auml: 'ä', ouml: 'ö', uuml: 'ü', szlig: 'ß',
};

export function toSafeText(input: string): string {
  const text = input.replace(/\r\n?/g, '\n');
  // As in HTML, `<` opens a tag only when a letter, `/`, `!` or `?` follows at once; `a < b` is text.
  const isHtml = /<[a-z/!?]/i.test(text);
  const plain = isHtml ? stripMarkup(text.replace(/\s+/g, ' ')) : text;
  // In HTML the source's own line breaks are layout; only the markup says where lines end.
  return tidyLines(neutraliseTagOpeners(decodeEntities(plain)), !isHtml);
}

/**
 * Removing a tag can join the pieces around it into a new tag (`<scr<b></b>ipt>`), so we repeat
 * until nothing changes; every step shortens the text, so this ends.
 */
function stripMarkup(html: string): string {
  let previous: string;
  let current = html;
  do {
    previous = current;
    current = current
      .replace(COMMENT, '')
      .replace(HIDDEN_BLOCK, '')
      .replace(HIDDEN_TAG, '')
      .replace(DECLARATION, '')
      .replace(LIST_ITEM, '\n• ')
      .replace(LINE_BREAK, '\n')
      .replace(CELL, ' ')
      .replace(TAG, '')
      .replace(BROKEN_TAG, '');
  } while (current !== previous);
  return current;
}

/** Decodes once, so `&amp;lt;` stays the text `&lt;` as its author meant. */
function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) {
      const key = [name, name.toLowerCase()].find((candidate) => Object.hasOwn(NAMED_ENTITIES, candidate));
      return key === undefined ? whole : (NAMED_ENTITIES[key] ?? whole);
    }
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    return isPrintableCodePoint(code) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

function isPrintableCodePoint(code: number): boolean {
  if (code === 0x0a || code === 0x09) return true;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return false;
  return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
}

/** Text that spelled a tag as entities (`&lt;b&gt;`) must not become one: `< b>` reads the same. */
function neutraliseTagOpeners(text: string): string {
  return text.replace(/<(?=[a-z/!?])/gi, '< ');
}

/**
 * Trims every line; plain text keeps single blank lines between paragraphs, HTML keeps none.
 * Whitespace before a leading `=`, `+`, `-` or `@` stays: it is what stops a spreadsheet reading
 * the text as a formula (`\t=cmd` must not become `=cmd`).
 */
function tidyLines(text: string, keepBlankLines: boolean): string {
  const visible = stripBidiControls(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''));
  const tidied = tidyEachLine(visible, keepBlankLines);
  const guard = /^(?:[ \t\u00a0]*\n)*([ \t\u00a0]+)[=+\-@]/.exec(visible)?.[1];
  return guard !== undefined && /^[=+\-@]/.test(tidied) ? guard + tidied : tidied;
}

function tidyEachLine(text: string, keepBlankLines: boolean): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line, index, lines) => line !== '' || (keepBlankLines && index > 0 && lines[index - 1] !== ''))
    .join('\n')
    .trim();
}
