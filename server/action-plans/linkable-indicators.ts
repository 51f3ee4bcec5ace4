/**
 * The indicator ids an action may link to: every indicator the catalogue offers (extract measures,
 * derived shares and completeness, imported official statistics), so that a plan can name any
 * figure the dashboard can chart and nothing else.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import { EXTRACT_INDICATORS } from '../indicators/catalogue.js';
import { loadOfficialCatalogue } from '../indicators/official-catalogue.js';

export async function linkableIndicatorIds(c: DuckDBConnection): Promise<Set<string>> {
  const official = await loadOfficialCatalogue(c);
  return new Set([...EXTRACT_INDICATORS.map((indicator) => indicator.id), ...official.indicators.map((indicator) => indicator.id)]);
}
