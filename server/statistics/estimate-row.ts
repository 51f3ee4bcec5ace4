/** The figures of an API row that intervals and disclosure control act on. */
export interface EstimateRow {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
}
