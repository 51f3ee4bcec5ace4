/**
 * Costs as plans write them: `7500`, `£7.5K`, `£85k`, `£1,500`, `£1.2m`, and `Nil` or `None`
 * for work done at no cost. Anything else stays text with no number: a cost is never guessed.
 */

const AMOUNT = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([km])?$/i;
const NOTHING = new Set(['nil', 'none']);
const MULTIPLIER: Readonly<Record<string, number>> = { '': 1, k: 1_000, m: 1_000_000 };

/** Pounds, or null when the text says no amount we can read. */
export function readCost(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (NOTHING.has(value)) return 0;
  const match = AMOUNT.exec(value);
  if (!match) return null;
  const amount = Number(`${(match[1] ?? '').replaceAll(',', '')}${match[2] ?? ''}`);
  // Round to pence: 7.5 × 1000 is exact, but 1.15 × 1000 is not in floating point.
  return Math.round(amount * (MULTIPLIER[match[3] ?? ''] ?? 1) * 100) / 100;
}
