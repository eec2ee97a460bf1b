// The page's side of the worker's summary ranks and matches (model/summary-keys.ts): what it asks
// for and when, and when an order made with its keys must be made again (epoch).

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SummaryKeyStore, type SummaryWant } from '../../../src/renderer/model/summary-keys.js';

/** A list of frame ids 1…n, as IdList reads. */
const ids = (n: number) => ({ length: n, at: (i: number) => i + 1 });
const ranksFor = (n: number) => ({
  ranks: Float64Array.from({ length: n + 1 }, (_, id) => n - id),
  match: null,
  matches: null,
  reordered: false,
});

describe('SummaryKeyStore', () => {
  let asked: SummaryWant[];
  let keys: SummaryKeyStore;
  const sort: SummaryWant = { ranks: true, match: null, locale: 'en-US' };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    asked = [];
    keys = new SummaryKeyStore();
    keys.onWant = (want) => asked.push(want);
  });
  afterEach(() => vi.useRealTimers());

  it('asks at once for keys it has none of, once at a time', () => {
    keys.require(ids(5), sort);
    keys.require(ids(5), sort);
    expect(asked).toEqual([sort]);
    expect(keys.covered(ids(5), sort)).toBe(0);
    keys.put(ranksFor(5));
    expect(keys.epoch).toBe(1);
    expect(keys.covered(ids(5), sort)).toBe(5);
    keys.require(ids(5), sort);
    expect(asked.length).toBe(1);
  });

  it('asks for rows past the ranks after a pause, and keeps the epoch unless the worker reordered', () => {
    keys.require(ids(5), sort);
    vi.advanceTimersByTime(100);
    keys.put(ranksFor(5));
    // the round trip took 100 ms: the next request waits 400 ms from when the last one was sent
    keys.require(ids(8), sort);
    expect(asked.length).toBe(1);
    expect(keys.covered(ids(8), sort)).toBe(5);
    vi.advanceTimersByTime(299);
    expect(asked.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(asked.length).toBe(2);
    keys.put(ranksFor(8));
    expect(keys.epoch).toBe(1);
    expect(keys.covered(ids(8), sort)).toBe(8);
    // a row came again (its message completed): asked again, and a changed summary reorders
    keys.resent(3);
    keys.require(ids(8), sort);
    vi.advanceTimersByTime(2000);
    expect(asked.length).toBe(3);
    keys.put({ ...ranksFor(8), reordered: true });
    expect(keys.epoch).toBe(2);
  });

  it('asks for another filter text at once, even while a request waits for its pause', () => {
    keys.require(ids(5), sort);
    keys.put(ranksFor(5));
    keys.require(ids(6), sort);
    expect(asked.length).toBe(1);
    const filter: SummaryWant = { ranks: false, match: 'abc', locale: 'en-US' };
    keys.require(ids(6), filter);
    expect(asked).toEqual([sort, filter]);
    keys.put({ ranks: null, match: 'abc', matches: Uint8Array.from([0, 1, 0, 0, 0, 0, 1]), reordered: false });
    expect(keys.covered(ids(6), filter)).toBe(6);
    expect(keys.covered(ids(6), { ...filter, match: 'abd' })).toBe(0);
    // the paused request gave way to the filter's: the next render asks for the sort's rows again
    vi.advanceTimersByTime(5000);
    expect(asked.length).toBe(2);
  });
});
