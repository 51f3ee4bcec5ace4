import { describe, expect, it } from 'vitest';

import { readCost } from '../../../pipelines/action-plans/costs.js';

describe('readCost', () => {
  it.each([
    ['7500', 7500],
    ['£7.5K', 7500],
    ['£85k', 85000],
    ['£2.5K', 2500],
    ['£1,500', 1500],
    ['£1.2m', 1200000],
    ['£ 500', 500],
    ['Nil', 0],
    ['None', 0],
    [' nil ', 0],
  ])('reads %j as %d', (text, pounds) => {
    expect(readCost(text)).toBe(pounds);
  });

  it.each(['N/A', 'TBC', '£500 plus expenses per day', 'CSP £55K (Positive Futures)', '£', '7,50'])(
    'keeps %j unread',
    (text) => {
      expect(readCost(text)).toBeNull();
    },
  );
});
