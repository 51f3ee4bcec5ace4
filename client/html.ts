/**
 * Building markup safely: every interpolated value is escaped unless it is markup made here.
 * (innerHTML with escaped text is CSP-safe; there is no eval and no inline script or style.)
 */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Interpolated = Markup | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: html`<p>${userText}</p>` escapes userText; nested html`` stays markup. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** Markup from a trusted constant (never from data). */
export function trusted(text: string): Markup {
  return new Markup(text);
}

export function setHtml(el: Element, markup: Markup): void {
  el.innerHTML = markup.text;
}

/** Creates one element from markup with a single root. */
export function element<T extends Element = HTMLElement>(markup: Markup): T {
  const template = document.createElement('template');
  template.innerHTML = markup.text.trim();
  const el = template.content.firstElementChild;
  if (!el) throw new Error('markup has no element');
  return el as T;
}

/** A page-unique id for labels and aria references. */
let counter = 0;
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
