import { Router } from 'express';
import type { Database } from '../../db/database.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { leagueTable, type LeagueStat } from '../../indicators/league-table.js';
import { findIndicator } from '../../indicators/load-catalogue.js';
import { csvLine, responseFormat, sendCsv } from '../response-format.js';

const PERIOD = /^[0-9A-Za-z/ -]{1,20}$/;

/**
 * GET /api/rankings?indicator=SLUG.column[&period=P][&stat=rate|count]: every local authority's
 * published figure for one period, ranked, as JSON or CSV. Official statistics are published
 * already, so every signed-in role sees them unsuppressed, symbols kept.
 */
export function rankingRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/rankings', async (req, res) => {
    const id = typeof req.query.indicator === 'string' ? req.query.indicator : '';
    const period = typeof req.query.period === 'string' ? req.query.period : null;
    const stat = (typeof req.query.stat === 'string' ? req.query.stat : 'rate') as LeagueStat;
    if (stat !== 'rate' && stat !== 'count') {
      res.status(400).json({ error: 'bad_request', message: 'stat must be rate or count' });
      return;
    }
    if (period !== null && !PERIOD.test(period)) {
      res.status(400).json({ error: 'bad_request', message: 'period is not a period of this indicator' });
      return;
    }
    const areas = await areaIndexOf(db);
    const table = await db.withConnection(async (c) => {
      const indicator = await findIndicator(c, id);
      if (!indicator || indicator.kind !== 'official') return 'unknown' as const;
      return (await leagueTable(c, indicator, period, stat, (code) => areas.current(code))) ?? ('no_period' as const);
    });
    if (table === 'unknown') {
      res.status(400).json({ error: 'bad_request', message: 'indicator must be an imported official statistic (SLUG.column)' });
      return;
    }
    if (table === 'no_period') {
      res.status(400).json({ error: 'bad_request', message: 'period is not a period of this indicator' });
      return;
    }
    res.vary('Accept');
    if (responseFormat(req) === 'csv') {
      const columns = ['rank', 'band', 'area_code', 'area_name', 'region_code', 'numerator', 'denominator', 'value', 'lower95', 'upper95', 'lower998', 'upper998', 'benchmark'] as const;
      sendCsv(res, [
        csvLine(['period', ...columns]),
        ...table.rows.map((r) => csvLine([table.period, ...columns.map((k) => (k === 'numerator' && r.symbol ? r.symbol : r[k]))])),
      ]);
      return;
    }
    res.json(table);
  });
  return router;
}
