// Test-only helpers for the message layer: a permessage-deflate sender built on pako, so the
// compressed payloads the tests feed in are written independently of the inflater under test.

import { Deflate, Z_SYNC_FLUSH } from 'pako';
import { expect } from 'vitest';
import { concatList } from '../../../helpers/pcap-writer.js';

/** RFC 7692 §7.2.1: a sync flush ends with an empty stored block, 00 00 ff ff, which the sender removes. */
const SYNC_FLUSH_TAIL = [0x00, 0x00, 0xff, 0xff];

/**
 * A permessage-deflate sender (RFC 7692 §7.2.1): each message is deflated with a sync flush and
 * the trailing 00 00 ff ff is removed. With context takeover (the default) one LZ77 window runs
 * through all messages; `noContextTakeover` starts every message with a fresh one (§7.1.1).
 */
export function deflateSender(windowBits = 15, noContextTakeover = false): (data: Uint8Array) => Uint8Array {
  let d = new Deflate({ raw: true, windowBits });
  return (data) => {
    if (noContextTakeover) d = new Deflate({ raw: true, windowBits });
    const chunks: Uint8Array[] = [];
    d.onData = (c) => chunks.push(c);
    d.push(data, Z_SYNC_FLUSH);
    const all = concatList(chunks);
    expect([...all.subarray(all.length - SYNC_FLUSH_TAIL.length)]).toEqual(SYNC_FLUSH_TAIL);
    return all.subarray(0, all.length - SYNC_FLUSH_TAIL.length);
  };
}
