import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { REFERENCE_DIR } from '../project-paths.js';

const ENGLAND = 'E92000001';
/** The mid-year whose single-year-of-age table gives age, sex and district shares. */
const AGE_SHARE_YEAR = 2023;
const AGE_BANDS_SQL = `('0-9', 0, 9), ('10-12', 10, 12), ('13-15', 13, 15), ('16-17', 16, 17), ('18-24', 18, 24), ('0-17', 0, 17)`;

/** A reference file as a DuckDB table expression. */
export function referenceCsv(relative: string): string {
  const path = join(REFERENCE_DIR, relative).replaceAll("'", "''");
  // Pinned options: these files are fixed and known, so nothing is left to the sniffer.
  return `read_csv('${path}', header = true, delim = ',', quote = '"', all_varchar = true, auto_detect = true)`;
}

/**
 * Loads areas, their hierarchy and successors, populations and statistical neighbours from the
 * published files in data/reference. Runs inside the migration's transaction.
 */
export async function loadReferenceData(c: DuckDBConnection): Promise<void> {
  await loadAreas(c);
  await loadPopulations(c);
  await loadNeighbours(c);
}

async function loadAreas(c: DuckDBConnection): Promise<void> {
  await c.run(`INSERT INTO areas VALUES ('${ENGLAND}', 'England', 'country', NULL, NULL, true, NULL)`);
  await c.run(`INSERT INTO areas
    SELECT region_code, region_name, 'region', '${ENGLAND}', NULL, true, NULL
    FROM ${referenceCsv('la-lookups/dfe_screener_regions.csv')}
    WHERE region_code LIKE 'E12%'`);
  await c.run(`INSERT INTO areas
    SELECT new_la_code, la_name, 'la', parent_geography_code,
           CASE WHEN regexp_full_match(old_la_code, '\\d{3}') THEN old_la_code END,
           status = 'live', strptime(nullif(date_of_termination, ''), '%d/%m/%Y')::DATE
    FROM ${referenceCsv('la-lookups/dfe_screener_las.csv')}
    WHERE regexp_full_match(new_la_code, 'E(06|08|09|10)\\d{6}')`);
  await c.run(`INSERT INTO areas
    SELECT LTLA23CD, LTLA23NM, 'district', UTLA23CD, NULL, true, NULL
    FROM ${referenceCsv('la-lookups/LTLA-UTLA_Apr23_Lookup_England-Wales.csv')}
    WHERE LTLA23CD LIKE 'E07%'`);
  await c.run(`INSERT INTO area_successors
    SELECT old_code, new_code, date_of_change::DATE FROM ${referenceCsv('la-successors.csv')}`);
}

async function loadPopulations(c: DuckDBConnection): Promise<void> {
  await c.run(`INSERT INTO populations
    SELECT CASE geographic_level WHEN 'National' THEN '${ENGLAND}'
                                 WHEN 'Regional' THEN region_code ELSE new_la_code END,
           time_period::INTEGER, '0-17', 'all', population_estimate::DOUBLE, false,
           'ONS mid-year estimates 0-17 (DfE children in need vintage)'
    FROM ${referenceCsv('ons-population-0-17/ons_mid-year_population_estimates_2012_to_2024.csv')}
    WHERE population_estimate NOT IN ('x', 'c', 'z', '')`);

  // Single-year-of-age counts (mid-2023), unpivoted to one row per area, sex and age.
  const sexes = [['all', 'persons'], ['female', 'females'], ['male', 'males']] as const;
  const unpivot = sexes.map(([sex, file]) => `
    SELECT Code AS area_code, '${sex}' AS sex,
           unnest(range(0, 25)) AS age,
           unnest([${Array.from({ length: 25 }, (_, a) => `"${a}"::DOUBLE`).join(', ')}]) AS pop
    FROM ${referenceCsv(`ons-population-single-year-of-age/mye23_MYE2_${file}_by_single_year_of_age.csv`)}
    WHERE Code LIKE 'E%'`);
  await c.run(`CREATE TEMP TABLE mye_ages AS ${unpivot.join(' UNION ALL ')}`);
  await c.run(`CREATE TEMP TABLE mye_bands AS
    SELECT a.area_code, a.sex, b.age_band, sum(a.pop) AS population
    FROM mye_ages a JOIN (SELECT * FROM (VALUES ${AGE_BANDS_SQL}) AS t(age_band, lo, hi)) b
      ON a.age BETWEEN b.lo AND b.hi
    GROUP BY ALL`);

  // Districts' 0-17 for each year: their mid-2023 share of the county, times the county's year.
  await c.run(`INSERT INTO populations
    SELECT d.code, p.year, '0-17', 'all',
           p.population * dm.population / cm.population, true,
           'estimated: mid-2023 district share of county 0-17 population'
    FROM areas d
    JOIN mye_bands dm ON dm.area_code = d.code AND dm.age_band = '0-17' AND dm.sex = 'all'
    JOIN mye_bands cm ON cm.area_code = d.parent_code AND cm.age_band = '0-17' AND cm.sex = 'all'
    JOIN populations p ON p.area_code = d.parent_code AND p.age_band = '0-17' AND p.sex = 'all'
    WHERE d.kind = 'district'`);

  // Every other band and sex: the mid-${AGE_SHARE_YEAR} structure applied to each year's 0-17 total.
  await c.run(`INSERT INTO populations
    SELECT p.area_code, p.year, b.age_band, b.sex,
           p.population * b.population / t.population,
           NOT (p.year = ${AGE_SHARE_YEAR} AND NOT p.estimated),
           'estimated: mid-${AGE_SHARE_YEAR} age and sex structure applied to the 0-17 total'
    FROM populations p
    JOIN mye_bands t ON t.area_code = p.area_code AND t.age_band = '0-17' AND t.sex = 'all'
    JOIN mye_bands b ON b.area_code = p.area_code AND NOT (b.age_band = '0-17' AND b.sex = 'all')
    WHERE p.age_band = '0-17' AND p.sex = 'all'`);
  await c.run('DROP TABLE mye_ages');
  await c.run('DROP TABLE mye_bands');
}

async function loadNeighbours(c: DuckDBConnection): Promise<void> {
  const codes = Array.from({ length: 10 }, (_, i) => `SN_${i + 1}`).join(', ');
  const closeness = Array.from({ length: 10 }, (_, i) => `trim(SN_${i + 1}P)`).join(', ');
  await c.run(`INSERT INTO statistical_neighbours
    WITH wide AS (SELECT * FROM ${referenceCsv('la-lookups/sn_model_2025_wide.csv')}),
    long AS (
      SELECT old_la_code, unnest(range(1, 11)) AS rank,
             unnest([${codes}]) AS neighbour_old, unnest([${closeness}]) AS closeness
      FROM wide
    ),
    live AS (SELECT dfe_code, code FROM areas WHERE kind = 'la' AND live AND dfe_code IS NOT NULL)
    SELECT a.code, l.rank, n.code, l.closeness, 'DfE children''s services statistical neighbours 2025'
    FROM long l JOIN live a ON a.dfe_code = l.old_la_code JOIN live n ON n.dfe_code = l.neighbour_old`);
}
