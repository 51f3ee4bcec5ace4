/**
 * data/examples/extracts/README.md, written from the same constants and simulation as the files,
 * so the planted shifts it lists (and their measured sizes) cannot drift from the data.
 */
import { populationIn } from './demo-areas.js';
import { DEMO_QUARTERS, parseQuarterLabel, quarterIndex, quarterLabel, reportingYear } from './demo-quarters.js';
import { LA_SCENARIOS, MASE_CLOSED_RISK_REDUCED, MISSING_SEASON, REFERRAL_SEASON } from './demo-scenario.js';
import { PLANTED_SHIFTS, type PlantedShift } from './planted-shifts.js';
import { FIRST_PUBLISHED_YEAR } from './referral-levels.js';
import type { DemoSimulation, RenderedExtract } from './synthetic-extracts.js';

/** The shift's indicator in each demo quarter, for the shift's areas. */
function shiftSeries(shift: PlantedShift, sim: DemoSimulation): number[] {
  const inArea = (code: string): boolean => shift.areaCodes.includes(code);
  return DEMO_QUARTERS.map((quarter) => {
    const q = quarterIndex(quarter);
    switch (shift.indicator) {
      case 'referrals':
        return (sim.referrals.get(shift.la) ?? []).filter((r) => inArea(r.areaCode) && quarterIndex(r.quarter) === q).length;
      case 'male_share': {
        const known = (sim.referrals.get(shift.la) ?? []).filter(
          (r) => inArea(r.areaCode) && quarterIndex(r.quarter) === q && (r.dims.sex === 'male' || r.dims.sex === 'female'),
        );
        return known.filter((r) => r.dims.sex === 'male').length / known.length;
      }
      case 'within_72h_share': {
        const episodes = (sim.missing.get(shift.la) ?? [])
          .filter((c) => inArea(c.areaCode) && quarterIndex(c.quarter) === q)
          .flatMap((c) => c.episodes);
        return episodes.filter((e) => e.returnInterviewWithin72h).length / episodes.filter((e) => e.returnInterviewOffered).length;
      }
      case 'disruption_actions':
        return (sim.mase.get(shift.la) ?? [])
          .filter((r) => inArea(r.areaCode) && quarterIndex(r.quarter) === q)
          .reduce((sum, r) => sum + r.measures.disruption_actions, 0);
    }
  });
}

/** Mean of the 4 quarters before the shift and of the 4 quarters from it. */
function beforeAfter(shift: PlantedShift, series: readonly number[]): { before: number; after: number } {
  const at = quarterIndex(parseQuarterLabel(shift.from));
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { before: mean(series.slice(at - 4, at)), after: mean(series.slice(at, at + 4)) };
}

function plantedSize(shift: PlantedShift): string {
  return shift.effect.kind === 'factor'
    ? `× ${shift.effect.factor} on the expected count`
    : `${pct(shift.effect.before)} → ${pct(shift.effect.after)}`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function measured(shift: PlantedShift, sim: DemoSimulation): string {
  const { before, after } = beforeAfter(shift, shiftSeries(shift, sim));
  return shift.indicator.endsWith('_share') ? `${pct(before)} → ${pct(after)}` : `${before.toFixed(1)} → ${after.toFixed(1)}`;
}

interface Patterns {
  /** Lowest–highest annual referral rate per 10,000 over LAs and years. */
  readonly rates: string;
  readonly teenGirls: number;
  readonly boys: number;
  readonly under13: number;
  readonly lookedAfter: number;
  readonly topSources: string;
  readonly riskUnknown2012: string;
  readonly riskUnknown2016: string;
  readonly episodesPerChild: { readonly care: number; readonly home: number };
  readonly cseEpisodes: number;
}

function share<T>(items: readonly T[], of: (x: T) => boolean, among: (x: T) => boolean = () => true): number {
  const base = items.filter(among);
  return base.filter(of).length / base.length;
}

function range(values: readonly number[]): string {
  return `${pct(Math.min(...values))}–${pct(Math.max(...values))}`;
}

/** The figures the README quotes, measured in the simulation rather than restated from assumptions. */
function patterns(sim: DemoSimulation): Patterns {
  const referrals = [...sim.referrals.values()].flat();
  const children = [...sim.missing.values()].flat();
  const teen = (band: string): boolean => band === '13-15' || band === '16-17';
  const sources = new Map<string, number>();
  for (const r of referrals) sources.set(r.dims.source, (sources.get(r.dims.source) ?? 0) + 1);
  const riskUnknown = (year: number): number[] =>
    [...sim.referrals.values()].map((rs) => share(rs, (r) => r.dims.risk_level === 'unknown', (r) => r.quarter.year === year));
  const episodesPerChild = (from: string): number => {
    const group = children.filter((c) => c.dims.missing_from === from);
    return group.reduce((n, c) => n + c.episodes.length, 0) / group.length;
  };
  const episodes = children.reduce((n, c) => n + c.episodes.length, 0);
  const rates = sim.las.flatMap((la) =>
    [...new Set(DEMO_QUARTERS.filter((q) => q.year < FIRST_PUBLISHED_YEAR - 1).map((q) => q.year))].map(
      (year) =>
        ((sim.referrals.get(la.key) ?? []).filter((r) => r.quarter.year === year).length / populationIn(la.population, year)) *
        10_000,
    ),
  );
  return {
    rates: `${Math.min(...rates).toFixed(1)} to ${Math.max(...rates).toFixed(1)}`,
    teenGirls: share(referrals, (r) => r.dims.sex === 'female' && teen(r.dims.age_band)),
    boys: share(referrals, (r) => r.dims.sex === 'male', (r) => r.dims.sex === 'male' || r.dims.sex === 'female'),
    under13: share(referrals, (r) => r.dims.age_band === '0-9' || r.dims.age_band === '10-12', (r) => r.dims.age_band !== 'unknown'),
    lookedAfter: share(referrals, (r) => r.dims.looked_after === 'yes'),
    topSources: [...sources]
      .filter(([s]) => s !== 'unknown')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([s]) => s.replaceAll('_', ' '))
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1'),
    riskUnknown2012: range(riskUnknown(2012)),
    riskUnknown2016: range(riskUnknown(2016)),
    episodesPerChild: { care: episodesPerChild('care'), home: episodesPerChild('home') },
    cseEpisodes: children.reduce((n, c) => n + (c.cseConcern ? c.episodes.length : 0), 0) / episodes,
  };
}

/** Each LA's referrals in the year to 31 March beside DfE's CSE factor count for the same year. */
function publishedRows(sim: DemoSimulation): string[] {
  return sim.las.flatMap((la) => {
    const records = sim.referrals.get(la.key) ?? [];
    return [...la.publishedCse]
      .sort((a, b) => a[0] - b[0])
      .map(([year, count]) => {
        const local = records.filter((r) => reportingYear(r.quarter) === year).length;
        return `| ${la.name} | ${year - 1}-${String(year % 100).padStart(2, '0')} | ${local} | ${count} | ${(local / count).toFixed(2)} |`;
      });
  });
}

function dataRows(text: string): number {
  return text.split(/\r?\n/).filter((line) => line !== '').length - 1;
}

export function demoReadme(sim: DemoSimulation, extracts: readonly RenderedExtract[], seed: number): string {
  const first = quarterLabel(DEMO_QUARTERS[0] ?? { year: 2012, q: 1 });
  const last = quarterLabel(DEMO_QUARTERS[DEMO_QUARTERS.length - 1] ?? { year: 2016, q: 4 });
  const files = extracts.map(
    (e) => `| \`${e.file}\` | ${e.dataset} | ${dataRows(e.text).toLocaleString('en-GB')} | ${e.description} |`,
  );
  const shifts = PLANTED_SHIFTS.map(
    (s) =>
      `| \`${s.id}\` | ${s.areaLabel} (${s.areaCodes.join(', ')}) | ${s.dataset}: ${s.indicator} | ${s.from} | ` +
      `${plantedSize(s)} | ${measured(s, sim)} | ${s.after} |`,
  );
  const rates = sim.las.map((la) => {
    const s = LA_SCENARIOS[la.key];
    return `${la.name} ${s.referralRate} (+${Math.round(s.referralGrowth * 100)}%/year)`;
  });
  const p = patterns(sim);
  const partnerships = sim.las.map((la) => {
    const areas = la.areas.length > 1 ? `; rows for ${la.areas.map((a) => `${a.name} ${a.code}`).join(', ')}` : '';
    return `- ${la.name} ${la.code}: ${la.partnership}${areas}`;
  });
  return `# Demo extracts: synthetic data

**Every row in this folder is synthetic.** The files are generated by \`pipelines/demo/\` from a
seeded pseudo-random generator (seed ${seed}); no row describes a real child and no count is any
area's real figure. Only the area codes, names and child populations are real (ONS, from
\`data/reference/\`), so that rates, roll-ups and maps behave as they would with real uploads.
Patterns follow published evidence in order of magnitude only.

Regenerate with \`npm run build && node dist/pipelines/demo/write-demo-extracts.js\`; the same seed
gives the same bytes, and \`test/pipelines/demo\` checks that the committed files are current.

The \`demo\` command loads the files in the order of \`manifest.json\`. They cover ${first} to ${last}
for five children's services LAs of the four seed partnerships; the counties give rows for their
districts, which the product rolls up to the county:

${partnerships.join('\n')}

## Files

| file | dataset | data rows | what it exercises |
|---|---|---|---|
${files.join('\n')}

## Planted shifts

Step changes put in on purpose, each after the due date of an action in a seed plan
(\`/work/shared/seeds/\`). "Measured" is the mean of the 4 quarters before the first quarter with
the effect and the mean of the 4 quarters from it, in these files (shares are pooled per quarter,
then averaged).

| id | area | dataset: indicator | from | planted size | measured (4 quarters before → after) | follows |
|---|---|---|---|---|---|---|
${shifts.join('\n')}

The shifts stay in force to the end of the data (a planted factor keeps its area's share of its
LA's referrals raised after 2017 too).

Indicators: \`referrals\` counts referrals; \`male_share\` is boys among referrals of known sex;
\`within_72h_share\` is return_interviews_within_72h / return_interviews_offered;
\`disruption_actions\` is the MASE measure summed over districts and risk levels.

## Meeting the published figures

From April 2017 (DfE reporting year 2018) each LA's referrals follow the shape of its published
count of children-in-need assessments recording child sexual exploitation as a factor (DfE,
\`data/reference/dfe-cin-factors/\`, which the demo database imports as \`cin_factors\`). The scale is
the demo's own year to March 2017 against DfE's 2018 count, held for every later year; the quarters
after March 2025 hold the 2025 level. Trends in practice (completeness, return interviews) run to
2016 and then hold. The Overview's reconciliation line sets these figures side by side:

| LA | year to 31 March | demo referrals | DfE CSE factor | ratio |
|---|---|---|---|---|
${publishedRows(sim).join('\n')}

## Other patterns in the data

- **Referral rates** per 10,000 children aged 0–17 a year in 2012 (ONS mid-year estimates; districts
  get their county's figure split by their share of 0–17s in the mid-2023 single-year-of-age file):
  ${rates.join('; ')}. Across LAs and the years 2012–2016 the rate in the files runs from ${p.rates}.
- **Who is referred:** girls aged 13–17 are ${pct(p.teenGirls)} of referrals; boys ${pct(p.boys)} of
  those of known sex (Stockport's planted shift included); under-13s ${pct(p.under13)} of those of known
  age; ${pct(p.lookedAfter)} looked after. Most referrals come from ${p.topSources}.
- **Seasonality:** referrals by calendar quarter × ${REFERRAL_SEASON.join(' / ')} (fewer in the summer
  holidays); missing episodes × ${MISSING_SEASON.join(' / ')} (a summer peak). Poisson noise throughout.
- **Data completeness:** risk level unknown (blank or \`unknown\`) in ${p.riskUnknown2012} of 2012 referrals
  by LA, ${p.riskUnknown2016} in 2016.
- **Missing children:** children in care go missing repeatedly (${p.episodesPerChild.care.toFixed(1)} episodes
  per child a quarter, against ${p.episodesPerChild.home.toFixed(1)} for children missing from home); a CSE
  concern is on ${pct(p.cseEpisodes)} of episodes, most often those of girls aged 13–17 in care. Return
  interviews offered rise over the years in every LA; the share within 72 hours rises slowly except
  for Nottingham's planted step. Nottinghamshire leaves within-72-hours blank (not recorded) in
  2012. Stockport and Warwickshire send record-level files, which carry episodes only.
- **MASE:** open cases carry over from quarter to quarter; cases closed with risk reduced rise from
  about ${pct(MASE_CLOSED_RISK_REDUCED[0])} to ${pct(MASE_CLOSED_RISK_REDUCED[1])}.

## Benchmark data

\`pipelines/demo/record-stream.ts\` writes a large record-level referrals file (dates in 2012–2016, the span
the ingest figures were first measured on; areas of the same partnerships) for the ingest benchmark; it is generated on demand, not committed.
`;
}
