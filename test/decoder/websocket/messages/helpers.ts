// Test-only helpers for the message layer: a MessageAssembler with the tests' defaults and a
// runner that feeds it frames, and a permessage-deflate sender built on pako, so the compressed
// payloads the tests feed in are written independently of the inflater under test.

import { Deflate, Z_SYNC_FLUSH } from 'pako';
import { expect } from 'vitest';
import type { DeflateParams } from '../../../../src/decoder/records.js';
import {
  type AssembledMessage,
  type AssemblerFrame,
  MessageAssembler,
} from '../../../../src/decoder/websocket/messages/assembler.js';
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

/** A MessageAssembler with the tests' defaults: no deflate, client role, 1 MiB messages, extensions known. */
export function assembler(
  options: Partial<{
    deflate: DeflateParams | null;
    extensionsKnown: boolean;
    maxMessageSize: number;
    maxMessageFrameIds: number;
    role: 'client' | 'server';
  }> = {},
) {
  return new MessageAssembler({
    deflate: options.deflate ?? null,
    role: options.role ?? 'client',
    limits: { maxMessageSize: options.maxMessageSize ?? 1 << 20, maxMessageFrameIds: options.maxMessageFrameIds },
    extensionsKnown: options.extensionsKnown ?? true,
  });
}

/** Push frames, then end(); every message, in order. */
export function run(a: MessageAssembler, frames: AssemblerFrame[]): AssembledMessage[] {
  const messages: AssembledMessage[] = [];
  for (const f of frames) a.push(f, messages);
  messages.push(...a.end());
  return messages;
}
