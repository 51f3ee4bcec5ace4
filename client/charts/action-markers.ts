/**
 * Linked actions drawn on a time axis: a rule at each action's due date, coloured by its RAG
 * status and labelled with a number; the page's table of linked actions gives each number's action
 * and status in words (so colour is never the only cue, and labels of actions due close together
 * never pile up on one another).
 */
import type { PlanAction } from '../api-types.js';
import { RAG_STYLE } from './palette.js';
import { ragKey } from '../rag.js';
import { linkedIndicators } from '../plans.js';
import type { VlSpec } from './embed.js';

export interface ActionMarker {
  date: string;
  ref: string;
  action: string;
  status: string;
  label: string;
}

/** The linked actions in date order, numbered from 1. */
export function markersFor(actions: readonly PlanAction[], indicatorId: string): ActionMarker[] {
  return actions
    .filter((a) => a.due_date && linkedIndicators(a).some((l) => l.id === indicatorId))
    .sort((a, b) => a.due_date!.localeCompare(b.due_date!))
    .map((a, i) => {
      const key = ragKey(a.status);
      return {
        date: a.due_date!,
        ref: a.ref,
        action: a.action,
        status: RAG_STYLE[key]!.text,
        label: String(i + 1),
      };
    });
}

/**
 * Layers to add to a temporal chart whose x field is `date`. Colours go through the `stroke` and
 * `fill` channels without a scale, so they never join the chart's own colour legend; labels that
 * would collide are put on lower rows.
 */
export function markerLayers(markers: readonly ActionMarker[]): VlSpec[] {
  if (!markers.length) return [];
  // Actions due the same day share one rule and one label (`2,3`).
  const byDate = new Map<string, ActionMarker[]>();
  for (const m of [...markers].sort((a, b) => a.date.localeCompare(b.date))) byDate.set(m.date, [...(byDate.get(m.date) ?? []), m]);
  const sorted = [...byDate.values()].map((group) => ({ ...group[0]!, ref: group.map((m) => m.ref).join(', '), label: group.map((m) => m.label).join(',') }));
  const rowEnds: number[] = [];
  const data = sorted.map((m) => {
    const t = new Date(`${m.date}T00:00:00Z`).getTime();
    let row = rowEnds.findIndex((end) => t - end > 120 * 86_400_000);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = t;
    const key = Object.values(RAG_STYLE).find((s) => s.text === m.status) ?? RAG_STYLE.none!;
    return { ...m, colour: key.colour, labelY: 2 + (row % 4) * 12 };
  });
  const values = { values: data };
  return [
    {
      data: values,
      mark: { type: 'rule', strokeDash: [4, 2], strokeWidth: 2 },
      encoding: {
        x: { field: 'date', type: 'temporal' },
        stroke: { field: 'colour', type: 'nominal', scale: null },
        tooltip: [
          { field: 'ref', title: 'Action' },
          { field: 'action', title: 'What' },
          { field: 'date', type: 'temporal', title: 'Due', format: '%d %b %Y' },
          { field: 'status', title: 'Status' },
        ],
      },
    },
    {
      data: values,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, fontWeight: 'bold', aria: false },
      encoding: {
        x: { field: 'date', type: 'temporal' },
        y: { field: 'labelY', type: 'quantitative', scale: null },
        text: { field: 'label' },
        fill: { field: 'colour', type: 'nominal', scale: null },
      },
    },
  ];
}
