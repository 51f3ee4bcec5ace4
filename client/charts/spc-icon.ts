/**
 * Making Data Count variation icons as small SVGs, always with their words beside them: common
 * cause (grey), improvement (blue), concern (orange), neither (purple), with H or L for a high or
 * low special cause.
 */
import type { Polarity, SpcReading } from '../api-types.js';
import { verdictWords } from '../polarity-words.js';
import { html, type Markup } from '../html.js';
import { SPC_STYLE } from './palette.js';

export function spcWords(spc: SpcReading | null | undefined, value: number | null): { text: string; letter: string } {
  if (!spc) return { text: 'No SPC reading', letter: '' };
  const high = value !== null && spc.mean !== null && value > spc.mean;
  const letter = spc.type === 'common_cause' ? '' : high ? 'H' : 'L';
  const side = spc.type === 'common_cause' ? '' : high ? ' (high)' : ' (low)';
  const words: Record<string, string> = {
    common_cause: 'Common cause',
    improvement: 'Improvement',
    concern: 'Concern',
    neutral: 'Special cause',
  };
  return { text: `${words[spc.type] ?? spc.type}${side}`, letter };
}

export function spcIcon(spc: SpcReading | null | undefined, value: number | null): Markup {
  if (!spc) return html`<span class="muted">No SPC reading</span>`;
  const style = SPC_STYLE[spc.type] ?? SPC_STYLE.common_cause;
  const { text, letter } = spcWords(spc, value);
  const inner =
    spc.type === 'common_cause'
      ? html`<path d="M5 12 q3.5 -6 7 0 t7 0" fill="none" stroke="#fff" stroke-width="2"></path>`
      : html`<text x="12" y="16.5" text-anchor="middle" font-size="12" font-weight="700" fill="#fff" font-family="Arial, sans-serif">${letter}</text>`;
  return html`<span class="spc-icon"><svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <circle cx="12" cy="12" r="11" fill="${style.colour}"></circle>${inner}</svg><span>${text}${spc.trial ? html` <abbr title="trial limits: fewer than 13 points">(trial)</abbr>` : ''}</span></span>`;
}

/** A benchmark verdict as a tag: better/worse with its direction where the indicator has a polarity, else higher/lower. */
export function verdictTag(verdict: string | null | undefined, polarity: Polarity): Markup {
  if (!verdict) return html`<span class="tag na">Not compared</span>`;
  return html`<span class="tag verdict-${verdict}">${verdictWords(verdict, polarity)}</span>`;
}
