/**
 * Linked actions drawn on a time axis: a rule at each action's due date, coloured by its RAG
 * status and labelled with its reference and status letter (so colour is never the only cue).
 */
import type { PlanAction } from '../api-types.js';
import { RAG_STYLE } from './palette.js';
import { ragKey } from '../rag.js';
import type { VlSpec } from './embed.js';

export interface ActionMarker {
  date: string;
  ref: string;
  action: string;
  status: string;
  label: string;
}

export function markersFor(actions: readonly PlanAction[], indicatorId: string): ActionMarker[] {
  return actions
    .filter((a) => a.due_date && a.indicators.some((i) => i.split(':')[0]!.trim() === indicatorId))
    .map((a) => {
      const key = ragKey(a.status);
      return {
        date: a.due_date!,
        ref: a.ref,
        action: a.action,
        status: RAG_STYLE[key]!.text,
        label: `${a.ref} (${RAG_STYLE[key]!.letter})`,
      };
    });
}

/** Layers to add to a temporal chart whose x field is `date`. */
export function markerLayers(markers: readonly ActionMarker[]): VlSpec[] {
  if (!markers.length) return [];
  const domain = Object.values(RAG_STYLE).map((s) => s.text);
  const range = Object.values(RAG_STYLE).map((s) => s.colour);
  const data = { values: markers };
  return [
    {
      data,
      mark: { type: 'rule', strokeDash: [4, 2], strokeWidth: 2 },
      encoding: {
        x: { field: 'date', type: 'temporal' },
        color: { field: 'status', type: 'nominal', scale: { domain, range }, legend: null },
        tooltip: [
          { field: 'ref', title: 'Action' },
          { field: 'action', title: 'What' },
          { field: 'date', type: 'temporal', title: 'Due', format: '%d %b %Y' },
          { field: 'status', title: 'Status' },
        ],
      },
    },
    {
      data,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, fontWeight: 'bold' },
      encoding: {
        x: { field: 'date', type: 'temporal' },
        y: { value: 0 },
        text: { field: 'label' },
        color: { field: 'status', type: 'nominal', scale: { domain, range }, legend: null },
      },
    },
  ];
}
