/**
 * The four real plans the product was built from, transcribed into the action-plan format
 * (data/examples/action-plans), read back through the same parser an upload goes through.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parsePlan, type PlanContent } from '../../../pipelines/action-plans/parse-plan.js';
import { INDICATOR_IDS } from './indicator-ids.js';

const EXAMPLES = new URL('../../../data/examples/action-plans/', import.meta.url);

function readPlan(slug: string): PlanContent & { warnings: unknown[] } {
  const read = (suffix: string) => readFileSync(fileURLToPath(new URL(`${slug}.${suffix}.csv`, EXAMPLES)), 'utf8');
  const parsed = parsePlan({ actions: read('actions'), status: read('status'), indicatorIds: INDICATOR_IDS });
  if (!parsed.ok) throw new Error(`${slug}: ${JSON.stringify(parsed.errors.slice(0, 5))}`);
  return parsed;
}

const cherwell = readPlan('cherwell-csp-cse-prevention');
const warwickshire = readPlan('warwickshire-wscb-cse-2013-14');
const nottingham = readPlan('nottingham-cse-2012-14');
const stockport = readPlan('stockport-sscb-cse-2014-16');
const ALL = [cherwell, warwickshire, nottingham, stockport];

function action(plan: PlanContent, ref: string) {
  const found = plan.actions.find((candidate) => candidate.ref === ref);
  if (found === undefined) throw new Error(`no action ${ref}`);
  return found;
}

/** The review history of one action as `period status` pairs, oldest first. */
function history(plan: PlanContent, ref: string): string[] {
  return plan.statuses
    .filter((status) => status.ref === ref)
    .map((status) => `${status.period} ${status.status}`)
    .sort();
}

describe('plans', () => {
  it('name each plan and its area', () => {
    expect(ALL.map((plan) => plan.plans.map(({ plan: slug, area_code }) => [slug, area_code]))).toEqual([
      [['cherwell-csp-cse-prevention', 'E07000177']],
      [['warwickshire-wscb-cse-2013-14', 'E10000031']],
      [['nottingham-cse-2012-14', 'E06000018']],
      [['stockport-sscb-cse-2014-16', 'E08000007']],
    ]);
    expect(warwickshire.plans[0]?.name).toBe('WSCB Child Sexual Exploitation Sub Group – 2013-14 Action Plan');
  });

  it('read without errors or warnings', () => {
    expect(ALL.map((plan) => plan.warnings)).toEqual([[], [], [], []]);
  });

  it('hold every action of each plan', () => {
    expect(ALL.map((plan) => plan.actions.length)).toEqual([13, 17, 26, 40]);
  });

  it('link only to known indicators', () => {
    for (const plan of ALL) {
      for (const { indicators } of plan.actions) {
        for (const link of indicators) expect(INDICATOR_IDS.has(link.id)).toBe(true);
      }
    }
  });
});

describe('Cherwell CSP delivery plan', () => {
  it('reads action 1 with its OSCB code, nil cost and two leads', () => {
    expect(action(cherwell, '1')).toMatchObject({
      strand: 'Mentoring',
      action: 'To ensure all members of the CSP have appropriate safeguarding policy/procedures, including a communications plan within their own organisations delivery plans.',
      lead: ['Chairman CSP', 'SPOC'],
      due_text: 'March 2014',
      due_date: '2014-03-31',
      cost_text: 'Nil',
      cost_gbp: 0,
      budget_source: 'N/A',
      references: '1.5',
      output: 'CSP meetings to confirm compliance and sharing of best practice including successes and barriers',
      indicators: [],
    });
  });

  it('reads action 6.A with the word that fell onto the next page', () => {
    expect(action(cherwell, '6.A')).toMatchObject({
      strand: 'Training',
      action: "CSCP to identify key organisations to facilitate 'Say Something if you see Something'- training for local businesses (including licensed premises) to prevent CSE activity at their premises",
      lead: ['CSP SPOC', 'Linda Ludlow', 'NWG', 'Training coordinator'],
      due_text: 'January 2014 To deliver training',
      due_date: '2014-01-31',
      cost_gbp: 7000,
      budget_source: 'CSP £55K (Positive Futures)',
      references: null,
    });
    expect(action(cherwell, '6.A').output).toContain('NWG identified a trainer to deliver a number of half day sessions across the county @ £500 plus expenses per day.');
  });

  it('reads the unnumbered MUMTA pilot and action 7', () => {
    expect(action(cherwell, 'MUMTA')).toMatchObject({
      strand: 'Awareness Raising with Seldom heard communities',
      action: 'CSP BME parent pilot project (MUMTA) with potential for expansion to fathers',
      lead: ['CSP/SPOC', 'Linda Ludlow', 'Naseem Sarbatta-Walia'],
      due_text: 'November 2013 To start developing materials',
      due_date: '2013-11-30',
      cost_text: '£3K',
      cost_gbp: 3000,
      references: '1.4',
      output: 'Raise awareness of how to prevent CSE with BME mothers in Oxford & Banbury To be piloted in March 2014.',
    });
    expect(action(cherwell, '7')).toMatchObject({ strand: 'Other', cost_text: 'None', cost_gbp: 0, budget_source: 'Cherwell CSP' });
    expect(action(cherwell, '2')).toMatchObject({ cost_gbp: 15000, budget_source: "CSP's £55K (Positive future bid)" });
  });

  it('states no statuses', () => {
    expect(cherwell.statuses).toEqual([]);
  });
});

describe('Warwickshire WSCB action plan 2013-14', () => {
  it('reads 1.2 with its three milestones', () => {
    expect(action(warwickshire, '1.2')).toMatchObject({
      strand: 'Improve early intervention of child sexual exploitation',
      lead: ['Training Sub-committee'],
      due_text: 'April 2014 Dec 2014 Dec 2014',
      milestones: ['2014-04-30', '2014-12-31', '2014-12-31'],
      due_date: '2014-12-31',
      output: 'Workforce development plan in place. Programme of training and opportunities in place commensurate with the role and responsibility of practitioners.',
    });
    expect(action(warwickshire, '1.2').objective).toMatch(/^There is a need to:\n- raise awareness amongst all professionals/);
  });

  it('reads the police row of 2.4 as a child action', () => {
    expect(action(warwickshire, '2.4a')).toMatchObject({
      parent_ref: '2.4',
      strand: 'Improve statutory responses and the provision of services',
      action: 'Policing level determined and met.',
      lead: ['Police sub-group member'],
      due_text: 'Sept 2014',
      due_date: '2014-09-30',
      indicators: [
        { id: 'mase.perpetrators_identified', direction: 'up', target: null },
        { id: 'mase.disruption_actions', direction: 'up', target: null },
      ],
    });
  });

  it('reads 1.3 (academic year) and 3.4 (whose action text the plan lost)', () => {
    expect(action(warwickshire, '1.3')).toMatchObject({
      action: 'Engage schools with a view to ensuring children and young people receive information and education about:- How to stay safe in the community; and How to stay safe on line.',
      lead: ['Schools Learning & Education Sub-committee'],
      due_text: 'Academic year 2013 – 14.',
      due_date: '2014-07-31',
    });
    expect(action(warwickshire, '3.4')).toMatchObject({
      action: '[Not stated in the plan]',
      lead: ['CSE Working group'],
      due_date: '2014-07-31',
      output: 'Needs and service analyse',
    });
  });

  it('records the review of 2014 Q3 in the plan\'s own words', () => {
    expect(history(warwickshire, '1.1')).toEqual(['2014-Q3 complete']);
    expect(history(warwickshire, '2.4')).toEqual(['2014-Q3 on_track']);
    expect(history(warwickshire, '3.2')).toEqual(['2014-Q3 not_completed']);
    expect(history(warwickshire, '3.4')).toEqual(['2014-Q3 not_completed']);
    expect(history(warwickshire, '2.4a')).toEqual([]);
    expect(warwickshire.statuses.find((status) => status.ref === '3.4')?.note).toBe(
      'Not completed due to delay in the scoping report.\nTo be completed using results from the scoping exercise and workshop in May 2014. Rescheduled for Feb 2015',
    );
  });
});

describe('Nottingham City & Nottinghamshire action plan 2012-14', () => {
  it('reads 1.1', () => {
    expect(action(nottingham, '1.1')).toMatchObject({
      strand: 'Prevention & Response',
      action: 'Establish effective communication channels between LSCB and partner agencies to share information and training',
      lead: ['Martin Hillier'],
      due_text: '30/06/13',
      due_date: '2013-06-30',
    });
  });

  it('reads 1.2(c), joined across the page break, under its parent', () => {
    expect(action(nottingham, '1.2(c)')).toMatchObject({
      parent_ref: '1.2',
      action: 'Specifically identify how to engage with school staff & governors',
      lead: ['Joanna Williams (WGAP)'],
      due_date: '2013-06-30',
    });
    expect(action(nottingham, '1.2')).toMatchObject({ action: 'Establish a training working group to:', lead: [], due_text: null });
  });

  it('reads 4.2, due "June 12" meaning June 2012', () => {
    expect(action(nottingham, '4.2')).toMatchObject({
      strand: 'Public Confidence',
      action: "County & City LA sign up to the Barnardo's 'Cut Them Free' Campaign' and joint media statement with the Police.",
      lead: ['Kim Pocock'],
      due_text: 'June 12',
      due_date: '2012-06-30',
    });
  });

  it('keeps the four quarterly RAG reviews (J O J A = July 2012 to April 2013)', () => {
    expect(history(nottingham, '1.1')).toEqual(['2012-Q3 red', '2012-Q4 red', '2013-Q1 amber', '2013-Q2 green']);
    expect(history(nottingham, '1.3')).toEqual(['2012-Q3 red', '2012-Q4 amber', '2013-Q1 amber', '2013-Q2 amber']);
    expect(history(nottingham, '1.4')).toEqual(['2012-Q4 red', '2013-Q1 red', '2013-Q2 amber']);
    expect(history(nottingham, '2.1(a)')).toEqual(['2012-Q3 amber', '2012-Q4 amber', '2013-Q1 amber', '2013-Q2 green']);
    expect(history(nottingham, '3.1')).toEqual(['2012-Q3 red', '2012-Q4 red', '2013-Q1 green', '2013-Q2 green']);
    expect(history(nottingham, '4.1')).toEqual(['2012-Q3 green', '2012-Q4 green', '2013-Q1 green', '2013-Q2 amber']);
    expect(history(nottingham, '1.2')).toEqual([]);
  });

  it('puts the progress text on the latest review only', () => {
    const notes = nottingham.statuses.filter((status) => status.ref === '2.1(a)').map((status) => status.note);
    expect(notes.slice(0, 3)).toEqual([null, null, null]);
    expect(notes[3]).toMatch(/implemented for use in CSE strategy meetings as of 01\/04\/2013/);
  });
});

describe('Stockport SSCB action plan 2014-16', () => {
  it('reads 1.1a, reducing its HTML to lines', () => {
    expect(action(stockport, '1.1a')).toMatchObject({
      strand: 'Prevention',
      objective: '[…] completed in Schools',
      action:
        'Director Of Education to maintain consistent messages across Education settings and services..\n' +
        'This advisor must be made aware of any information/training commissioned for schools in order to coordinate consistency\n' +
        '• Mapping - primary and secondary provision to include Counselling , sexual health screening, Spiral curriculum work',
      lead: ['Education'],
      due_text: null,
      due_date: null,
    });
  });

  it('reads 2.4d with its milestones and two review challenges', () => {
    expect(action(stockport, '2.4d')).toMatchObject({
      strand: 'Protection',
      objective: 'Ensure DACSE team is able to provide specialist intervention support and protection to those children and families at high risk of CSE ensure resources are adequate',
      action: 'Review of MASE process to consider: - Referral process and pathway - Membership and attendance - Collation and audit of case information/data - Identify gaps and areas for improvement.',
      lead: ['MASE coordinator', 'MASE Chair'],
      due_text: 'Jan 2015 March 2015 March 2015',
      milestones: ['2015-01-31', '2015-03-31', '2015-03-31'],
      due_date: '2015-03-31',
      references: '2 & 5',
    });
  });

  it('reads 3.1a of the Pursuit strand', () => {
    expect(action(stockport, '3.1a')).toMatchObject({
      strand: 'Pursuit',
      objective: 'Active and robust action by the Police and CPS to detect and pursue offenders and secure prosecutions to bring them to justice',
      action:
        'Further develop effective partnership working between Police CPS and CSC/Safeguarding so that disclosures can be appropriately reported and responded to.\n' +
        'Ensure intelligence about perpetrators is shared with police in timely way and action is taken to disrupt their activities\n' +
        'Sharing information with NPS/CRC around known perpetrators so that robust action are taken to reduce risk.',
      lead: ['DACSE and CSE police team', 'CPS'],
      due_date: '2015-09-30',
      references: '1 & 5',
    });
  });

  it('reads "Jan 15" as January 2015 and leaves a lost due empty', () => {
    expect(action(stockport, '1.3c')).toMatchObject({ due_text: 'Jan 15', due_date: '2015-01-31', lead: ['DACSE', 'CSE strategic sub', 'Children at risk'] });
    expect(action(stockport, '2.5a')).toMatchObject({ due_text: null, due_date: null, lead: ['CSE Strategic Sub group'] });
  });
});

describe('every due form in the seeds', () => {
  const EXPECTED: Readonly<Record<string, readonly string[]>> = {
    // Cherwell
    'March 2014': ['2014-03-31'],
    'December 2013 for tendering of services': ['2013-12-31'],
    'March 2015': ['2015-03-31'],
    'March 2014 conference to be held': ['2014-03-31'],
    'January 2014 To deliver training': ['2014-01-31'],
    'January 2014 To identify possible trainers': ['2014-01-31'],
    'November 2013 To start developing materials': ['2013-11-30'],
    'January 2014 Commence research': ['2014-01-31'],
    'by December 2013': ['2013-12-31'],
    // Warwickshire
    'End of May 2013': ['2013-05-31'],
    'April 2014 Dec 2014 Dec 2014': ['2014-04-30', '2014-12-31', '2014-12-31'],
    'Academic year 2013 – 14.': ['2014-07-31'],
    'April 2014': ['2014-04-30'],
    'April 2013': ['2013-04-30'],
    'February 2014': ['2014-02-28'],
    'September 2013': ['2013-09-30'],
    'June 2014 Jan 2015': ['2014-06-30', '2015-01-31'],
    'Sept 2014': ['2014-09-30'],
    'Oct 2014': ['2014-10-31'],
    'July 2014': ['2014-07-31'],
    'December 2013': ['2013-12-31'],
    'January 2014': ['2014-01-31'],
    // Nottingham
    'June 2012': ['2012-06-30'],
    'July 2012': ['2012-07-31'],
    '30/06/13': ['2013-06-30'],
    '31/08/13': ['2013-08-31'],
    '30/09/13': ['2013-09-30'],
    '01/04/13': ['2013-04-01'],
    '16/07/13': ['2013-07-16'],
    '31/12/13': ['2013-12-31'],
    '12/09/13': ['2013-09-12'],
    '01/02/13': ['2013-02-01'],
    '15/11/13': ['2013-11-15'],
    'June 12': ['2012-06-30'],
    // Stockport
    Sept2015: ['2015-09-30'],
    'April 2015': ['2015-04-30'],
    'March 2016': ['2016-03-31'],
    'July 2015': ['2015-07-31'],
    'January 2016': ['2016-01-31'],
    'July 2016': ['2016-07-31'],
    'Jan 2016': ['2016-01-31'],
    'Feb 2015': ['2015-02-28'],
    'Jan 15': ['2015-01-31'],
    'Jan 16': ['2016-01-31'],
    'Dec 14': ['2014-12-31'],
    'March 15': ['2015-03-31'],
    'Dec 2015': ['2015-12-31'],
    'Jan 2015 March 2015': ['2015-01-31', '2015-03-31'],
    'June 2015': ['2015-06-30'],
    'Sept 2015': ['2015-09-30'],
    'August 15': ['2015-08-31'],
    'Jan 2015 March 2015 March 2015': ['2015-01-31', '2015-03-31', '2015-03-31'],
    'November 2016': ['2016-11-30'],
    'November 2015': ['2015-11-30'],
  };

  const seen = new Map<string, readonly string[]>();
  for (const plan of ALL) {
    for (const { due_text, milestones } of plan.actions) if (due_text !== null) seen.set(due_text, milestones);
  }

  it('is listed here, so that none goes untested', () => {
    expect([...seen.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('reads %j', (text, milestones) => {
    expect(seen.get(text)).toEqual(milestones);
  });
});
