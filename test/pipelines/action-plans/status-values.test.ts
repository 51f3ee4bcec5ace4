import { describe, expect, it } from 'vitest';

import { readStatus, STATUS_RAG, STATUS_VALUES } from '../../../pipelines/action-plans/status-values.js';

describe('readStatus', () => {
  it.each([
    ['red', 'red'], ['R', 'red'], [' r ', 'red'],
    ['Amber', 'amber'], ['A', 'amber'],
    ['GREEN', 'green'], ['g', 'green'],
    ['Complete', 'complete'], ['Completed', 'complete'],
    ['On track', 'on_track'], ['on-track', 'on_track'], ['ON_TRACK', 'on_track'],
    ['Not started', 'not_started'],
    ['Not completed', 'not_completed'], ['Not Completed', 'not_completed'],
    ['Blue', 'blue'],
  ])('reads %j as %s', (text, status) => {
    expect(readStatus(text)).toBe(status);
  });

  it.each(['', 'Done?', 'Completed but now for review', 'RAG', 'yellow', 'x'])('refuses %j', (text) => {
    expect(readStatus(text)).toBeNull();
  });
});

describe('STATUS_RAG', () => {
  it('maps every status, counting complete and blue as done', () => {
    expect(Object.keys(STATUS_RAG).sort()).toEqual([...STATUS_VALUES].sort());
    expect(STATUS_RAG.complete).toBe('done');
    expect(STATUS_RAG.blue).toBe('done');
    expect(STATUS_RAG.on_track).toBe('green');
    expect(STATUS_RAG.not_completed).toBe('red');
    expect(STATUS_RAG.not_started).toBe('amber');
  });
});
