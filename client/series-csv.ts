/**
 * A series as a person downloads it: values rounded to the precision the pages show (counts whole,
 * rates and percentages to one decimal place), `c` for suppressed, and a metadata file to keep
 * beside it saying what the figures are.
 */
import type { Indicator, Series, Stat } from './api-types.js';
import { SUPPRESSED, SUPPRESSED_NOTE, NOT_AVAILABLE_NOTE, statLabel } from './format.js';
import { formatDate, periodLabel, sortPeriods } from './periods.js';

/** Decimal places a figure of this stat is shown with. */
export function displayDecimals(stat: Stat | string, value: number): number {
  if (stat === 'count') return Number.isInteger(value) ? 0 : 1;
  return 1;
}

function rounded(value: number | null, stat: Stat | string): string {
  if (value === null || !Number.isFinite(value)) return '';
  return value.toFixed(displayDecimals(stat, value));
}

function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function roundedSeriesCsv(series: Series, stat: Stat | string, areaName: (code: string) => string): string {
  const header = ['period', 'area_code', 'area_name', 'breakdown', 'numerator', 'denominator', 'value', 'lower95', 'upper95', 'suppressed'];
  const lines = series.rows.map((r) => {
    const hidden = r.suppressed;
    return [
      r.period, r.area_code, areaName(r.area_code), r.breakdown ?? '',
      hidden ? SUPPRESSED : rounded(r.numerator, 'count'),
      hidden ? SUPPRESSED : rounded(r.denominator, 'count'),
      hidden ? SUPPRESSED : rounded(r.value, stat),
      hidden ? SUPPRESSED : rounded(r.lower95, stat),
      hidden ? SUPPRESSED : rounded(r.upper95, stat),
      hidden ? 'yes' : 'no',
    ].map((v) => cell(String(v))).join(',');
  });
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

export function seriesMetadata(i: Indicator, stat: Stat | string, areaName: string, fileName: string, downloaded: Date): string {
  const periods = sortPeriods(i.periods);
  const caveats = i.caveats ? (Array.isArray(i.caveats) ? i.caveats : [i.caveats]) : [];
  return [
    `About ${fileName}`,
    '',
    `Indicator: ${i.name} (${i.id})`,
    `Area: ${areaName}`,
    `Measure: ${statLabel(stat)}`,
    i.definition ? `Definition: ${i.definition}` : '',
    `Source: ${i.source}`,
    periods.length ? `Periods held: ${periodLabel(periods[0]!)} to ${periodLabel(periods.at(-1)!)}` : '',
    `Last updated: ${i.last_updated ? formatDate(i.last_updated) : 'not recorded'}`,
    `Downloaded: ${formatDate(downloaded.toISOString())}`,
    '',
    'Rounding: counts are whole numbers; rates (per 10,000 children aged 0 to 17) and percentages to one decimal place, as the pages show them. Sums of rounded figures may differ from the totals.',
    'Columns: value with its 95% confidence interval (lower95, upper95); numerator and denominator where the figure has them.',
    SUPPRESSED_NOTE,
    `Blank: ${NOT_AVAILABLE_NOTE.replace(/^x: /, '')}`,
    ...(caveats.length ? ['', 'Caveats:', ...caveats.map((c) => `- ${c}`)] : []),
    '',
  ].filter((line, n, all) => line !== '' || all[n - 1] !== '').join('\n');
}
