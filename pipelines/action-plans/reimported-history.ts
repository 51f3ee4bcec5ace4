/**
 * The re-import rule that statuses and measure values share (status-history.ts, measure-history.ts):
 * the file is the plan's imported history, so earlier imported rows go; rows recorded in the app
 * stay unless the file names the same key (item and quarter), and then the file wins; a file row
 * that says what the held row says keeps the held row, with who recorded it and when.
 */
export function mergeReimported<Held extends { readonly source: string }, Row>(
  held: readonly Held[],
  incoming: readonly Row[],
  key: (row: Held | Row) => string,
  same: (held: Held, row: Row) => boolean,
  imported: (row: Row) => Held,
): { rows: Held[]; kept: number } {
  const heldByKey = new Map(held.map((row) => [key(row), row]));
  const named = new Set(incoming.map(key));
  const rows = held.filter((row) => row.source === 'app' && !named.has(key(row)));
  let kept = rows.length;
  for (const row of incoming) {
    const previous = heldByKey.get(key(row));
    if (previous !== undefined && same(previous, row)) {
      rows.push(previous);
      kept += 1;
    } else rows.push(imported(row));
  }
  return { rows, kept };
}
