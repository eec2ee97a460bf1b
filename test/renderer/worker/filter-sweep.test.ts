// The display filter's one sweep over payloads read back (filter-sweep.ts, payload-sweep.ts) in
// windows of a few frames, so that messages and their fragments fall across windows: the same rows
// as the filter over the payloads kept in the worker, with no byte of the file read twice.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blobRanges, type FilePayloads } from '../../../src/renderer/worker/file-payloads.js';
import type { FilterSources } from '../../../src/renderer/worker/filter-run.js';
import { runFilterSweep } from '../../../src/renderer/worker/filter-sweep.js';
import { PayloadSweep, type SweptLevels } from '../../../src/renderer/worker/payload-sweep.js';
import { allCaptures } from '../../helpers/all-captures.js';
import { decodeReadingBack } from '../decoded.js';

interface Inside {
  files: FilePayloads;
  frames: FilterSources['frames'];
  messages: FilterSources['messages'];
  filterSources(): FilterSources;
}

const FILTERS = [
  // frame payloads; message payloads; both, through the frame rows' marks from messages (frames wait)
  'websocket.payload contains "e"',
  'ws.message.text contains "a"',
  'ws.message.payload contains 7b || websocket.opcode == 0',
  'websocket.payload contains "e" && ws.message.text contains "a"',
  'ws.message.text contains "a" || websocket.payload contains "o"',
  'not websocket.payload contains "x" && ws.message.type == text',
];
const BOTH: SweptLevels = { frames: true, messages: true };

/** runFilterSweep never stopped: always an answer. */
/**
 * The capture decoded twice: every payload kept (the answers to compare with), and every payload
 * located in the file, read back through a source that counts the bytes it reads.
 */
function countingReads(bytes: Uint8Array<ArrayBuffer>) {
  const kept = decodeReadingBack(bytes, null);
  let read = 0;
  const blob = blobRanges(new Blob([bytes]));
  const located = decodeReadingBack(bytes, {
    read: (offset, length) => {
      read += length;
      return blob.read(offset, length);
    },
  }) as unknown as Inside;
  return { kept, located, bytesRead: () => read };
}

async function sweepAll(...args: Parameters<typeof runFilterSweep>) {
  const got = await runFilterSweep(...args);
  if (got === null) throw new Error('a sweep with no stop gave no answer');
  return got;
}

describe('the display filter in one sweep over the file', () => {
  const captures = allCaptures();

  it.each(captures)('$name: windows of 1, 2 and 5 frames answer as the payloads kept', async ({ file }) => {
    const bytes = new Uint8Array(readFileSync(file));
    const kept = decodeReadingBack(bytes, null);
    let ranges: [number, number][] = [];
    const blob = blobRanges(new Blob([bytes]));
    const located = decodeReadingBack(bytes, {
      read: (offset, length) => {
        ranges.push([offset, offset + length]);
        return blob.read(offset, length);
      },
    }) as unknown as Inside;
    // A read takes the bytes between pieces less than 64 KiB apart: where frames are not in file
    // order by id (a retransmission, a capture started mid-connection), those bytes may hold a
    // frame of another window, read again there. Elsewhere no byte is read twice.
    let inOrder = true;
    for (let id = 1, last = -1; id <= located.frames.size; id++) {
      if (!located.frames.has(id) || !located.frames.isLocated(id)) continue;
      const at = located.frames.filePieces(id)[0];
      if (at < last) inOrder = false;
      last = at;
    }
    for (const windowIds of [1, 2, 5]) {
      for (const filter of FILTERS) {
        ranges = [];
        located.frames.missed = located.messages.missed = false;
        const got = await sweepAll(
          filter,
          located.filterSources(),
          (wait) =>
            new PayloadSweep(located.files, located.frames, located.messages, BOTH, wait, {
              ids: windowIds,
              bytes: 1 << 23,
            }),
        );
        const want = await kept.filter(filter);
        const name = `${filter} (windows of ${windowIds})`;
        expect(located.frames.missed || located.messages.missed, name).toBe(false);
        expect([...got.frameIds], name).toEqual([...want.frameIds]);
        expect([...got.messageIds], name).toEqual([...want.messageIds]);
        expect(got.connectionIds, name).toEqual(want.connectionIds);
        ranges.sort((a, b) => a[0] - b[0]);
        for (let i = 1; inOrder && i < ranges.length; i++)
          expect(ranges[i][0], name).toBeGreaterThanOrEqual(ranges[i - 1][1]);
      }
    }
  });

  it('reads a message fragmented over windows once, its fragments kept from the windows before', async () => {
    const bytes = new Uint8Array(readFileSync('fixtures/shared/04_fragments_ping_pong_close_codes.pcap'));
    const { kept, located, bytesRead } = countingReads(bytes);
    const fragmented = Array.from({ length: located.messages.size }, (_, i) => i + 1).filter(
      (m) => located.messages.has(m) && located.messages.isLocated(m) && located.messages.frameIdsView(m).length > 1,
    );
    expect(fragmented.length).toBeGreaterThan(0);
    const readWith = async (levels: SweptLevels, filter: string) => {
      const before = bytesRead();
      const got = await sweepAll(
        filter,
        located.filterSources(),
        (wait) =>
          new PayloadSweep(located.files, located.frames, located.messages, levels, wait, { ids: 1, bytes: 1 << 23 }),
      );
      expect([...got.messageIds], filter).toEqual([...(await kept.filter(filter)).messageIds]);
      return bytesRead() - before;
    };
    const frames = await readWith({ frames: true, messages: false }, 'websocket.payload contains "e"');
    const both = await readWith(BOTH, 'websocket.payload contains "e" || ws.message.text contains "e"');
    expect(frames).toBeGreaterThan(0);
    expect(both).toBe(frames);
  });
});

describe('the reads of the last windows, kept for the next (read-carry.ts)', () => {
  const captures = allCaptures();
  /** Bytes read over every filter, in windows of `ids` frames, with `carry` bytes of reads kept; the rows checked. */
  async function bytesRead(bytes: Uint8Array<ArrayBuffer>, ids: number, carry: number): Promise<number> {
    const { kept, located, bytesRead: read } = countingReads(bytes);
    for (const filter of FILTERS) {
      const got = await sweepAll(
        filter,
        located.filterSources(),
        (wait) =>
          new PayloadSweep(located.files, located.frames, located.messages, BOTH, wait, { ids, bytes: 1 << 23, carry }),
      );
      const want = await kept.filter(filter);
      const name = `${filter} (windows of ${ids}, carry ${carry})`;
      expect([...got.frameIds], name).toEqual([...want.frameIds]);
      expect([...got.messageIds], name).toEqual([...want.messageIds]);
      expect(got.connectionIds, name).toEqual(want.connectionIds);
    }
    return read();
  }

  it('reads no more with them than without on every capture, and less where frames are out of file order', async () => {
    const fewer: string[] = [];
    for (const { name, file } of captures) {
      const bytes = new Uint8Array(readFileSync(file));
      for (const ids of [2, 5]) {
        const without = await bytesRead(bytes, ids, 0);
        const carried = await bytesRead(bytes, ids, 1 << 24);
        expect(carried, `${name}, windows of ${ids}`).toBeLessThanOrEqual(without);
        if (carried < without) fewer.push(`${name} (${ids})`);
      }
    }
    // a fixture whose frames are not in file order by id (the capture starts mid-connection); so
    // is real-captures/ndpi__websocket.pcap, where present
    expect(fewer.join(', ')).toContain('f_mid_connection');
  });
});

describe("filterRead: which levels' payloads to sweep, from a probe over the first located rows", () => {
  // Filters whose payload reads the probe does not see when it covers one row or none: read only
  // past the first rows (the run over every row then finds them), and one level read early, the
  // other late (the sweep for the first stops at the other's payload and the file is swept for both).
  const LATE = [
    'ws.frame > 3 && websocket.payload contains "e"',
    'websocket.payload contains "e" || (ws.message > 2 && ws.message.text contains "a")',
    'ws.message.text contains "a" || (ws.frame > 4 && websocket.payload contains "o")',
    'ws.message.text contains "a"',
    'websocket.opcode == 1',
  ];
  const captures = allCaptures();

  it.each(captures)('$name: probes of 0, 1 and 4096 rows answer as the payloads kept', async ({ file }) => {
    const bytes = new Uint8Array(readFileSync(file));
    const kept = decodeReadingBack(bytes, null);
    const located = decodeReadingBack(bytes, blobRanges(new Blob([bytes])));
    // and with the first payloads kept, so that the probe starts past them
    const some = decodeReadingBack(bytes, blobRanges(new Blob([bytes])), 64 * 1024, 2048);
    for (const engine of [located, some]) {
      for (const rows of [0, 1, 4096]) {
        engine.probeRows = rows;
        for (const filter of [...LATE, ...FILTERS]) {
          const got = await engine.filterRead(filter);
          const want = await kept.filter(filter);
          const name = `${filter} (probe of ${rows})`;
          expect([...got.frameIds], name).toEqual([...want.frameIds]);
          expect([...got.messageIds], name).toEqual([...want.messageIds]);
          expect(got.connectionIds, name).toEqual(want.connectionIds);
        }
      }
    }
  });
});
