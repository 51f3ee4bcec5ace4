/** Levenshtein distance with a cut-off: beyond `max` the exact figure does not matter. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidates to `value` (case-insensitive), nearest first, or none if all are far. */
export function nearest(value: string, candidates: readonly string[], limit = 3): string[] {
  const needle = value.toLowerCase();
  const max = Math.max(2, Math.floor(needle.length / 2));
  return candidates
    .map((candidate) => ({ candidate, d: editDistance(needle, candidate.toLowerCase(), max) }))
    .filter(({ d }) => d <= max)
    .sort((x, y) => x.d - y.d || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
