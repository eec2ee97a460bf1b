import { describe, expect, it } from 'vitest';
import { LiveBuffer } from '../../../src/node/streams/live-buffer.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('LiveBuffer', () => {
  it('gives a reader everything pushed since its last pull, in order, as one chunk', async () => {
    const buffer = new LiveBuffer();
    const reader = buffer.reader();
    buffer.push(bytes(1, 2));
    buffer.push(bytes(3));
    expect(Array.from((await reader.next())!)).toEqual([1, 2, 3]);
  });

  it('makes a reader wait until bytes arrive', async () => {
    const buffer = new LiveBuffer();
    const reader = buffer.reader();
    const pending = reader.next();
    buffer.push(bytes(9));
    expect(Array.from((await pending)!)).toEqual([9]);
  });

  it('starts every new reader at the first byte', async () => {
    const buffer = new LiveBuffer();
    buffer.push(bytes(1));
    const first = buffer.reader();
    await first.next();
    buffer.push(bytes(2));
    expect(Array.from((await buffer.reader().next())!)).toEqual([1, 2]);
    expect(Array.from((await first.next())!)).toEqual([2]);
  });

  it('hands out at most maxRead bytes per pull, splitting chunks where needed', async () => {
    const buffer = new LiveBuffer();
    const reader = buffer.reader(3);
    buffer.push(bytes(1, 2));
    buffer.push(bytes(3, 4, 5, 6, 7));
    buffer.end();
    const pulls: number[][] = [];
    for (let chunk = await reader.next(); chunk !== null; chunk = await reader.next()) pulls.push(Array.from(chunk));
    expect(pulls).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('keeps a copy: changing the pushed array later does not change the capture', async () => {
    const buffer = new LiveBuffer();
    const pushed = bytes(1, 2, 3);
    buffer.push(pushed);
    pushed.fill(0);
    expect(Array.from(buffer.bytes())).toEqual([1, 2, 3]);
  });

  it('ends readers with null after the buffered bytes, or with the error it ended with', async () => {
    const clean = new LiveBuffer();
    const cleanReader = clean.reader();
    clean.push(bytes(1));
    clean.end();
    expect(Array.from((await cleanReader.next())!)).toEqual([1]);
    expect(await cleanReader.next()).toBeNull();

    const failed = new LiveBuffer();
    const failedReader = failed.reader();
    failed.push(bytes(2));
    failed.end(new Error('tcpdump failed: boom'));
    expect(Array.from((await failedReader.next())!)).toEqual([2]);
    await expect(failedReader.next()).rejects.toThrow('tcpdump failed: boom');
  });

  it('wakes a waiting reader with null when it is cancelled', async () => {
    const buffer = new LiveBuffer();
    const reader = buffer.reader();
    const pending = reader.next();
    reader.cancel();
    expect(await pending).toBeNull();
  });

  it('reports passing its byte limit, so the owner can stop the capture', () => {
    const buffer = new LiveBuffer(4);
    expect(buffer.push(bytes(1, 2, 3, 4))).toBe(true);
    expect(buffer.push(bytes(5))).toBe(false);
    expect(buffer.byteLength).toBe(5);
  });

  it('ignores pushes after the end', () => {
    const buffer = new LiveBuffer();
    buffer.end();
    expect(buffer.push(bytes(1))).toBe(false);
    expect(buffer.byteLength).toBe(0);
  });
});
