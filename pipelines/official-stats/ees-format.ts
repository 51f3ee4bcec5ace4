/**
 * The Explore Education Statistics (EES) tidy data format, held as data: the columns every file
 * has, the geographic levels and the columns that name their areas, and the symbols that stand
 * in for a number. Follows DfE's data screener (dfe-analytical-services/dfe-published-data-qa).
 */

export const REQUIRED_COLUMNS = ['time_period', 'time_identifier', 'geographic_level'] as const;

/**
 * EES symbols (GSS convention): c suppressed, x not available, z not applicable, u low
 * reliability, low and k round to zero. A symbol is kept as such; it never becomes 0.
 */
export const SYMBOLS = ['c', 'x', 'z', 'u', 'low', 'k'] as const;

export interface GeographicLevel {
  level: string;
  /** Columns that may hold the area's code, first present and non-blank wins. */
  codeColumns: readonly string[];
  nameColumn: string | null;
}

/** The levels EES knows. A level outside this list is kept, read from `<level>_code`. */
export const GEOGRAPHIC_LEVELS: readonly GeographicLevel[] = [
  { level: 'National', codeColumns: ['country_code'], nameColumn: 'country_name' },
  { level: 'Regional', codeColumns: ['region_code'], nameColumn: 'region_name' },
  // new_la_code first: old 3-digit codes were reused when counties became unitaries.
  { level: 'Local authority', codeColumns: ['new_la_code', 'old_la_code'], nameColumn: 'la_name' },
  { level: 'Local authority district', codeColumns: ['lad_code'], nameColumn: 'lad_name' },
  { level: 'RSC region', codeColumns: ['rsc_region_lead_name'], nameColumn: 'rsc_region_lead_name' },
  { level: 'Parliamentary constituency', codeColumns: ['pcon_code'], nameColumn: 'pcon_name' },
  { level: 'Local skills improvement plan area', codeColumns: ['lsip_code'], nameColumn: 'lsip_name' },
  {
    level: 'Local enterprise partnership',
    codeColumns: ['local_enterprise_partnership_code'],
    nameColumn: 'local_enterprise_partnership_name',
  },
  { level: 'English devolved area', codeColumns: ['english_devolved_area_code'], nameColumn: 'english_devolved_area_name' },
  { level: 'Mayoral combined authority', codeColumns: ['mayoral_combined_authority_code'], nameColumn: 'mayoral_combined_authority_name' },
  { level: 'Opportunity area', codeColumns: ['opportunity_area_code'], nameColumn: 'opportunity_area_name' },
  { level: 'Ward', codeColumns: ['ward_code'], nameColumn: 'ward_name' },
  { level: 'MAT', codeColumns: ['trust_id'], nameColumn: 'trust_name' },
  { level: 'Sponsor', codeColumns: ['sponsor_id'], nameColumn: 'sponsor_name' },
  { level: 'School', codeColumns: ['school_urn', 'school_laestab'], nameColumn: 'school_name' },
  { level: 'Provider', codeColumns: ['provider_ukprn'], nameColumn: 'provider_name' },
  { level: 'Institution', codeColumns: ['institution_id'], nameColumn: 'institution_name' },
  { level: 'Planning area', codeColumns: ['planning_area_code'], nameColumn: 'planning_area_name' },
];

/** The levels whose areas the product knows and compares (areas table): codes must be present. */
export const COMPARED_LEVELS = ['National', 'Regional', 'Local authority'] as const;

/**
 * Columns that describe time or place rather than a filter or an indicator: every code and name
 * column of every level, and the columns a file must have.
 */
export const OBSERVATIONAL_COLUMNS: ReadonlySet<string> = new Set([
  ...REQUIRED_COLUMNS,
  'country_name',
  'school_laestab',
  ...GEOGRAPHIC_LEVELS.flatMap((g) => [...g.codeColumns, ...(g.nameColumn ? [g.nameColumn] : [])]),
]);

/** The level's definition, or one guessed from its name for a level EES may add later. */
export function geographicLevel(level: string): { known: boolean; definition: GeographicLevel } {
  const found = GEOGRAPHIC_LEVELS.find((g) => g.level.toLowerCase() === level.trim().toLowerCase());
  if (found) return { known: true, definition: found };
  const stem = snakeCase(level);
  return { known: false, definition: { level: level.trim(), codeColumns: [`${stem}_code`], nameColumn: `${stem}_name` } };
}

/**
 * An indicator column's name as the product's ids use it: `Child_sexual_exploitation` and
 * `childSexualExploitation` both become `child_sexual_exploitation`.
 */
export function snakeCase(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
