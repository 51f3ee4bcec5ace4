/**
 * RAG delivery status of actions as the action-plan format writes it (red/R, amber/A, green/G,
 * complete, on track, not started, blue), read into one key per colour.
 */
export type RagKey = 'red' | 'amber' | 'green' | 'complete' | 'blue' | 'none';

export function ragKey(status: string | null | undefined): RagKey {
  const s = (status ?? '').trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (!s) return 'none';
  if (s === 'r' || s.startsWith('red') || s.startsWith('not complete')) return 'red';
  if (s === 'a' || s.startsWith('amber') || s === 'not started') return 'amber';
  if (s === 'g' || s.startsWith('green') || s === 'on track') return 'green';
  if (s === 'b' || s.startsWith('blue')) return 'blue';
  if (s.startsWith('complete') || s === 'done') return 'complete';
  return 'none';
}

/** The status words as the board wrote them, tidied (`on_track` → `On track`). */
export function statusWords(status: string | null | undefined): string {
  const s = (status ?? '').replace(/_/g, ' ').trim();
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : 'No status';
}

export function isDone(status: string | null | undefined): boolean {
  const k = ragKey(status);
  return k === 'complete' || k === 'blue';
}
