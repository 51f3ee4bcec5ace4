import { Database } from './dist/server/db/database.js';
import { areaIndexOf } from './dist/server/indicators/area-index.js';
import { buildSeries } from './dist/server/indicators/series.js';
import { resolveSeriesRequest } from './dist/server/indicators/series-request.js';
import { findIndicator } from './dist/server/indicators/load-catalogue.js';
const db = await Database.open({ path: process.argv[2] });
const areas = await areaIndexOf(db);
const [ind, area, stat, pt, bd, role] = process.argv.slice(3);
await db.withConnection(async (c) => {
  const indicator = await findIndicator(c, ind);
  const r = resolveSeriesRequest({ indicator: ind, area, stat, breakdown: bd === '-' ? null : bd, compare: null, periodType: pt, filters: new Map() }, indicator, areas);
  let s; for (let i = 0; i < 5; i++) { const t = performance.now();
  s = await buildSeries(c, r.value, areas, { id: 1, username: 'v', role: role ?? 'viewer', areas: null }); console.log(performance.now() - t); }
  const t = 0;
  console.log(performance.now() - t, JSON.stringify(s.disclosure), s.rows.slice(0, 6).map((x) => [x.period, x.breakdown, x.numerator, x.denominator, x.protection, x.max_change].join(' ')).join('\n'));
});
db.close();
