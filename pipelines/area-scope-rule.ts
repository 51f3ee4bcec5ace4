import type { CellCheck } from './extract-sql.js';

/**
 * The areas a writer may load rows for: exact area codes (the caller expands a county's
 * districts and so on), or null for a writer with no area scope (the command line, admins).
 * A row for any other area is refused with `area_not_allowed`, line and column, before anything
 * is stored; a dry run therefore never reports another area's stored totals either.
 */
export type AllowedAreas = readonly string[] | null;

const AREA_CODE = /^[A-Z]\d{8}$/;

/**
 * SQL true when the area key (an index into `cse_area_index`) is one the writer may load: its
 * code looked up by position (area-names.ts), as a subquery would be a join over every row.
 */
function allowedSql(areaKey: string, allowed: readonly string[]): string {
  // Codes are checked against their pattern, so they can be spliced in as literals.
  const codes = allowed.filter((code) => AREA_CODE.test(code)).map((code) => `'${code}'`);
  return `list_contains([${codes.join(', ')}]::VARCHAR[], cse_area_code_of(${areaKey}))`;
}

/**
 * The rule as the extract reader applies it: the area key becomes NULL (a bad row, as for an
 * unknown area) outside the allowed areas, and the check names those rows `area_not_allowed`.
 * A known area is tested only after `unknown_area` has passed, so each row gets one code.
 */
export function areaScopeRule(areaKey: string, check: Omit<CellCheck, 'code' | 'expected'>, allowed: AllowedAreas): { key: string; check: CellCheck | null } {
  if (allowed === null) return { key: areaKey, check: null };
  const inScope = allowedSql(areaKey, allowed);
  return {
    key: `CASE WHEN ${inScope} THEN ${areaKey} END`,
    check: {
      ...check,
      code: `CASE WHEN ${areaKey} IS NOT NULL AND NOT (${inScope}) THEN 'area_not_allowed' END`,
      expected: `one of the areas you may upload for: ${allowed.join(', ') || 'none'}`,
    },
  };
}
