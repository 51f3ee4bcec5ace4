/**
 * measures.csv (action-plan-format.md): every refusal rule, each reported with its line, column
 * and code, alone and all at once; and what a sound file reads as.
 */
import { describe, expect, it } from 'vitest';

import { parseMeasuresCsv, measureKey, type MeasureDefinition } from '../../../pipelines/action-plans/measures-file.js';
import { parsePlan } from '../../../pipelines/action-plans/parse-plan.js';
import { INDICATOR_IDS } from './indicator-ids.js';

const HEADER = 'plan,measure,name,unit,polarity,refs,counts_children,period,value,target,note';
const KNOWN = new Map([['demo-plan', new Set(['1', '1.1', '6.A'])]]);
const FIRST = 'demo-plan,attendees,Attendees at CSE training,count,up,1;6.A,,2014-Q1,40,50,';

function parse(...rows: string[]) {
  return parseMeasuresCsv([HEADER, ...rows].join('\n') + '\n', KNOWN);
}

function errorsOf(result: ReturnType<typeof parseMeasuresCsv>) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map(({ file, line, column, code }) => ({ file, line, column, code }));
}

describe('measures.csv', () => {
  it('reads measures with their details once and a value per quarter', () => {
    const result = parse(
      FIRST,
      'demo-plan,attendees,,,,,,Q2 2014,"1,250",,"Two sessions, <b>both</b> full"',
      'Demo-Plan,mentored,Young people working with mentors,COUNT,,1.1,yes,2014/15 Q1,7,10,',
      'demo-plan,risk_exit,Risk score at exit,score,down,,no,30/09/2014,-2.5,,',
      'demo-plan,share_trained,Schools with trained staff,percent,,,,2014-Q3,62.5,75,',
    );
    expect(result).toMatchObject({
      ok: true,
      measures: [
        { plan: 'demo-plan', measure: 'attendees', name: 'Attendees at CSE training', unit: 'count', polarity: 'up', refs: ['1', '6.A'], counts_children: false },
        { measure: 'mentored', unit: 'count', polarity: null, refs: ['1.1'], counts_children: true },
        { measure: 'risk_exit', unit: 'score', polarity: 'down', refs: [], counts_children: false },
        { measure: 'share_trained', unit: 'percent' },
      ],
      values: [
        { measure: 'attendees', line: 2, period: '2014-Q1', value: 40, target: 50, note: null },
        { measure: 'attendees', line: 3, period: '2014-Q2', value: 1250, target: null, note: 'Two sessions, both full' },
        { measure: 'mentored', period: '2014-Q2', value: 7, target: 10 },
        { measure: 'risk_exit', period: '2014-Q3', value: -2.5 },
        { measure: 'share_trained', value: 62.5, target: 75 },
      ],
    });
  });

  it.each([
    ['a missing required column', 'plan,measure,name,unit,period,target\ndemo-plan,a,A,count,2014-Q1,3', 1, 'value', 'missing_column'],
    ['an unknown column, with its likely name', 'plan,measure,name,unit,period,value,taget\ndemo-plan,a,A,count,2014-Q1,3,4', 1, 'taget', 'unknown_column'],
    ['an empty file', '', 1, null, 'empty_file'],
    ['a ragged row', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,3,4,,extra`, 2, null, 'ragged_row'],
    ['a row without its plan', `${HEADER}\n,a,A,count,,,,2014-Q1,3,,`, 2, 'plan', 'missing_plan'],
    ['a plan that is not in the upload', `${HEADER}\nother-plan,a,A,count,,,,2014-Q1,3,,`, 2, 'plan', 'unknown_plan'],
    ['a row without its measure', `${HEADER}\ndemo-plan,,A,count,,,,2014-Q1,3,,`, 2, 'measure', 'missing_measure'],
    ['a measure that is not a slug', `${HEADER}\ndemo-plan,Training attendees,A,count,,,,2014-Q1,3,,`, 2, 'measure', 'unreadable_measure'],
    ['a first row without a name', `${HEADER}\ndemo-plan,a,,count,,,,2014-Q1,3,,`, 2, 'name', 'missing_measure_name'],
    ['a first row without a unit', `${HEADER}\ndemo-plan,a,A,,,,,2014-Q1,3,,`, 2, 'unit', 'missing_unit'],
    ['a unit out of the list', `${HEADER}\ndemo-plan,a,A,people,,,,2014-Q1,3,,`, 2, 'unit', 'unreadable_unit'],
    ['a polarity out of the list', `${HEADER}\ndemo-plan,a,A,count,higher,,,2014-Q1,3,,`, 2, 'polarity', 'unreadable_polarity'],
    ['counts_children neither yes nor no', `${HEADER}\ndemo-plan,a,A,count,,,maybe,2014-Q1,3,,`, 2, 'counts_children', 'unreadable_counts_children'],
    ['a ref the plan does not have', `${HEADER}\ndemo-plan,a,A,count,,1;9.9,,2014-Q1,3,,`, 2, 'refs', 'unknown_action'],
    ['a row without its period', `${HEADER}\ndemo-plan,a,A,count,,,,,3,,`, 2, 'period', 'missing_period'],
    ['a period that is not a quarter', `${HEADER}\ndemo-plan,a,A,count,,,,Spring 2014,3,,`, 2, 'period', 'unreadable_period'],
    ['a row without its value', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,,5,`, 2, 'value', 'missing_value'],
    ['a value that is not a number', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,twelve,,`, 2, 'value', 'unreadable_value'],
    ['a count that is not whole', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,3.5,,`, 2, 'value', 'unreadable_value'],
    ['a negative count', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,-3,,`, 2, 'value', 'unreadable_value'],
    ['a percentage over 100', `${HEADER}\ndemo-plan,a,A,percent,,,,2014-Q1,100.5,,`, 2, 'value', 'unreadable_value'],
    ['a value written with a percent sign', `${HEADER}\ndemo-plan,a,A,percent,,,,2014-Q1,50%,,`, 2, 'value', 'unreadable_value'],
    ['a value in scientific notation', `${HEADER}\ndemo-plan,a,A,score,,,,2014-Q1,1e3,,`, 2, 'value', 'unreadable_value'],
    ['a target that is not a number of the unit', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,3,about 10,`, 2, 'target', 'unreadable_target'],
    ['a duplicate (plan, measure, period), however the period is written',
      `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,3,,\ndemo-plan,a,,,,,,Q1 2014,4,,`, 3, 'period', 'duplicate_measure_period'],
    ['a later row changing the unit', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,3,,\ndemo-plan,a,,percent,,,,2014-Q2,4,,`, 3, 'unit', 'conflicting_measure_details'],
    ['a later row changing the name', `${HEADER}\ndemo-plan,a,A,count,,,,2014-Q1,3,,\ndemo-plan,a,B,,,,,2014-Q2,4,,`, 3, 'name', 'conflicting_measure_details'],
    ['a later row changing the refs', `${HEADER}\ndemo-plan,a,A,count,,1,,2014-Q1,3,,\ndemo-plan,a,,,,1.1,,2014-Q2,4,,`, 3, 'refs', 'conflicting_measure_details'],
    ['a later row changing counts_children', `${HEADER}\ndemo-plan,a,A,count,,,yes,2014-Q1,3,,\ndemo-plan,a,,,,,no,2014-Q2,4,,`, 3, 'counts_children', 'conflicting_measure_details'],
    ['a later row changing the polarity', `${HEADER}\ndemo-plan,a,A,count,up,,,2014-Q1,3,,\ndemo-plan,a,,,down,,,2014-Q2,4,,`, 3, 'polarity', 'conflicting_measure_details'],
  ])('refuses %s', (_label, text, line, column, code) => {
    const result = parseMeasuresCsv(text, KNOWN);
    expect(errorsOf(result)).toContainEqual({ file: 'measures', line, column, code });
  });

  it('reports every problem of the file at once, on the line a spreadsheet shows', () => {
    const result = parse(
      'demo-plan,a,"A name over\ntwo lines",count,,,,2014-Q1,3,,',
      'demo-plan,a,,,,,,2014-Q1,4,,',
      'demo-plan,b,B,count,sideways,,,2014-Q1,2.5,,',
    );
    expect(errorsOf(result)).toEqual([
      { file: 'measures', line: 4, column: 'period', code: 'duplicate_measure_period' },
      { file: 'measures', line: 5, column: 'polarity', code: 'unreadable_polarity' },
      { file: 'measures', line: 5, column: 'value', code: 'unreadable_value' },
    ]);
  });

  it('reports a measure whose first row is refused once, not on each of its rows', () => {
    const result = parse('demo-plan,a,,count,,,,2014-Q1,3,,', 'demo-plan,a,,,,,,2014-Q2,4,,');
    expect(errorsOf(result)).toEqual([{ file: 'measures', line: 2, column: 'name', code: 'missing_measure_name' }]);
  });

  it('recording: rows may only name measures already held, whose details they take', () => {
    const held: MeasureDefinition = {
      plan: 'demo-plan', measure: 'attendees', name: 'Attendees', unit: 'percent', polarity: 'up', refs: ['1'], counts_children: false,
    };
    const known = new Map([[measureKey('demo-plan', 'attendees'), held]]);
    const ok = parseMeasuresCsv(`${HEADER}\ndemo-plan,attendees,,,,,,2015-Q1,45.5,50,`, KNOWN, known);
    expect(ok).toMatchObject({ ok: true, measures: [], values: [{ measure: 'attendees', value: 45.5, target: 50 }] });
    expect(errorsOf(parseMeasuresCsv(`${HEADER}\ndemo-plan,new_one,New,count,,,,2015-Q1,4,,`, KNOWN, known)))
      .toEqual([{ file: 'measures', line: 2, column: 'measure', code: 'unknown_measure' }]);
    // The held unit applies: a percentage over 100 is refused although the row names no unit.
    expect(errorsOf(parseMeasuresCsv(`${HEADER}\ndemo-plan,attendees,,,,,,2015-Q1,140,,`, KNOWN, known)))
      .toEqual([{ file: 'measures', line: 2, column: 'value', code: 'unreadable_value' }]);
  });

  it('is checked with the actions and status files, and nothing is read unless all three are sound', () => {
    const actions = [
      'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due,indicators',
      'demo-plan,Demo CSE plan,E08000007,1,,Prevent,,Train staff,,Jan 15,',
      'demo-plan,,,2,,Prevent,,Mentor young people,,,',
    ].join('\n');
    const sound = parsePlan({ actions, measures: `${HEADER}\ndemo-plan,a,A,count,,2,,2014-Q1,3,,`, indicatorIds: INDICATOR_IDS });
    expect(sound).toMatchObject({ ok: true, measures: [{ measure: 'a', refs: ['2'] }], measureValues: [{ value: 3 }] });
    const refused = parsePlan({
      actions,
      status: 'plan,ref,period,status\ndemo-plan,3,2014-Q1,red',
      measures: `${HEADER}\ndemo-plan,a,A,count,,3,,2014-Q1,3,,`,
      indicatorIds: INDICATOR_IDS,
    });
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.errors.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual([
      { file: 'measures', line: 2, column: 'refs', code: 'unknown_action' },
      { file: 'status', line: 2, column: 'ref', code: 'unknown_action' },
    ]);
  });
});
