/** Form controls for selections: labelled selects and the loading and error messages. */
import { ApiError } from './api.js';
import { element, html, uniqueId } from './html.js';

export interface Option {
  value: string;
  label: string;
  group?: string;
}

export interface SelectField {
  field: HTMLElement;
  select: HTMLSelectElement;
  setOptions(options: Option[], value: string | null): void;
}

function optionsMarkup(options: Option[], value: string | null) {
  const groups = new Map<string, Option[]>();
  for (const o of options) {
    const g = o.group ?? '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(o);
  }
  const opt = (o: Option) => html`<option value="${o.value}" ${o.value === value ? html`selected` : ''}>${o.label}</option>`;
  return [...groups.entries()].map(([g, list]) => (g ? html`<optgroup label="${g}">${list.map(opt)}</optgroup>` : list.map(opt)));
}

export function selectField(opts: {
  label: string;
  name: string;
  options: Option[];
  value: string | null;
  hint?: string;
  onChange?: (value: string) => void;
}): SelectField {
  const id = uniqueId(opts.name);
  const field = element(html`<div class="field">
    <label for="${id}">${opts.label}</label>
    ${opts.hint ? html`<span class="hint" id="${id}-hint">${opts.hint}</span>` : ''}
    <select id="${id}" name="${opts.name}" ${opts.hint ? html`aria-describedby="${id}-hint"` : ''}>${optionsMarkup(opts.options, opts.value)}</select>
  </div>`);
  const select = field.querySelector('select')!;
  if (opts.onChange) applyOnSettle(select, opts.onChange);
  return {
    field,
    select,
    setOptions(options, value) {
      select.innerHTML = html`${optionsMarkup(options, value)}`.text;
      if (value !== null) select.value = value;
    },
  };
}

/** Quiet time after the last arrow key before a keyboard choice applies. */
const KEYBOARD_SETTLE_MS = 800;
const BROWSING_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * Applies a select's choice once the user has made it. A closed select changes its value at every
 * arrow key, and each change would reload the page and add a history step; so a choice made by
 * keys applies on Enter, on leaving the field, or when the keys stop, and a pointer choice at once.
 */
function applyOnSettle(select: HTMLSelectElement, apply: (value: string) => void): void {
  let applied = select.value;
  let browsing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commit = () => {
    clearTimeout(timer);
    browsing = false;
    if (select.value === applied) return;
    applied = select.value;
    apply(applied);
  };
  select.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') commit();
    else if (BROWSING_KEYS.has(event.key) || event.key.length === 1) browsing = true;
  });
  select.addEventListener('change', () => {
    if (!browsing) return commit();
    clearTimeout(timer);
    timer = setTimeout(commit, KEYBOARD_SETTLE_MS);
  });
  select.addEventListener('blur', () => {
    if (timer !== undefined) commit();
  });
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return `This part of the service is not available yet (${error.url} answered 404).`;
    if (error.status === 403) return 'Your account is not allowed to see this.';
    return `The server could not answer (${error.status}${error.code ? `: ${error.code}` : ''}).`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function errorMessage(error: unknown) {
  return html`<div class="message error" role="alert"><p>${errorText(error)}</p></div>`;
}

export function emptyMessage(text: string) {
  return html`<div class="message"><p>${text}</p></div>`;
}
