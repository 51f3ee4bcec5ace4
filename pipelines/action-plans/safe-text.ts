/**
 * Free text in action plans is often pasted from web pages and documents, HTML and all
 * (`<p>…</p> <ul style="…"> • Mapping …`). We keep what a reader needs (paragraphs as lines,
 * list items as "• " lines) and nothing a browser could run: every tag goes, script and style
 * go with their content, and the result holds no `<` that could open a tag.
 */
import { Parser } from 'htmlparser2';

import { stripBidiControls } from '../bidi-controls.js';

/** Elements whose content is code or markup, never text for a reader. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'textarea', 'title', 'head']);
/** Elements that start and end a line. */
const BLOCK_ELEMENTS = new Set([
  'br', 'p', 'div', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'tr', 'table', 'thead', 'tbody', 'tfoot', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'hr', 'section', 'article', 'header', 'footer', 'address', 'figure', 'figcaption',
]);
const CELLS = new Set(['td', 'th']);
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
  const plain = isHtml ? stripAllMarkup(text.replace(/\s+/g, ' ')) : text;
  // In HTML the source's own line breaks are layout; only the markup says where lines end.
  return tidyLines(neutraliseTagOpeners(decodeEntities(plain)), !isHtml);
}

/**
 * The text of an HTML fragment as htmlparser2 reads it (a forgiving, browser-like tokenizer:
 * broken tags, stray quotes and unclosed elements are handled as a browser would): list items as
 * "• " lines, blocks as lines, cells separated by spaces, hidden elements, comments and
 * declarations dropped. Entities are left for decodeEntities, so they are decoded exactly once.
 */
function stripMarkup(html: string): string {
  const out: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (isHidden(name)) hidden += 1;
        else if (hidden > 0) return;
        else if (name === 'li') out.push('\n• ');
        else if (BLOCK_ELEMENTS.has(name)) out.push('\n');
        else if (CELLS.has(name)) out.push(' ');
      },
      onclosetag(name) {
        if (HIDDEN_ELEMENTS.has(name)) hidden = Math.max(0, hidden - 1);
        else if (hidden > 0) return;
        else if (BLOCK_ELEMENTS.has(name)) out.push('\n');
        else if (CELLS.has(name)) out.push(' ');
      },
      ontext(text) {
        if (hidden === 0) out.push(text);
      },
    },
    { decodeEntities: false, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  return out.join('');
}

/**
 * A hidden element, or a mangled tag with one inside it: the tokenizer reads `<scr<script>` as
 * one tag named `scr<script`, which a filter must not take for a harmless unknown element.
 */
function isHidden(name: string): boolean {
  return name.split('<').some((part) => HIDDEN_ELEMENTS.has(part));
}

/**
 * Text left by one reading can spell markup again (`<<script>script>…</script>/script>` leaves
 * `</script>`), so it is read again until no markup is left; each reading only shortens it.
 */
function stripAllMarkup(html: string): string {
  let text = stripMarkup(html);
  for (let pass = 0; pass < 10 && /<[a-z/!?]/i.test(text); pass++) {
    const again = stripMarkup(text);
    if (again === text) break;
    text = again;
  }
  return text;
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
