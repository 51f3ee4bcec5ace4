import { buildAreaNameLookup } from '../../../pipelines/area-names.js';
import { referenceCsv } from '../../../pipelines/reference/load-reference.js';
import type { Migration } from '../migrations.js';

const POPULATION_FILE = 'ons-population-0-17/ons_mid-year_population_estimates_2012_to_2024.csv';

/**
 * Inner London (E13000001) and Outer London (E13000002), the regional rows of every DfE file,
 * become areas: sub-regions of London whose boroughs are listed in `area_groups` (an authority
 * keeps London as its parent and its region). Which borough is inner or outer is read from the
 * ONS/DfE population file, which codes each borough's row with its sub-region. Their 0–17
 * populations were loaded with the regions' by migration 2.
 */
export const innerOuterLondon: Migration = {
  version: 13,
  name: 'Inner and Outer London as areas, with their boroughs',
  async up(c) {
    await c.run(`CREATE TABLE area_groups (
      group_code VARCHAR NOT NULL, member_code VARCHAR NOT NULL,
      PRIMARY KEY (group_code, member_code)
    )`);
    await c.run(`INSERT INTO areas
      SELECT DISTINCT region_code, region_name, 'region', 'E12000007', NULL, true, NULL
      FROM ${referenceCsv(POPULATION_FILE)}
      WHERE geographic_level = 'Regional' AND region_code IN ('E13000001', 'E13000002')`);
    await c.run(`INSERT INTO area_groups
      SELECT DISTINCT region_code, new_la_code
      FROM ${referenceCsv(POPULATION_FILE)}
      WHERE geographic_level = 'Local authority' AND region_code IN ('E13000001', 'E13000002')
        AND new_la_code IN (SELECT code FROM areas WHERE kind = 'la')`);
    // New areas: uploads must know their names as people write them too.
    await buildAreaNameLookup(c);
  },
};
