// IPv4 (RFC 791 §3.1).
//
//   version(4) IHL(4) | DSCP/ECN(8) | total length(16) | identification(16) |
//   flags(3) fragment offset(13) | TTL(8) | protocol(8) | checksum(16) | src(32) | dst(32) | options
//
// The header is IHL * 4 bytes (options skipped). Total length bounds the packet: Ethernet pads
// short frames to 60 bytes, and that padding must not become TCP payload. A total length of 0
// is what TCP segmentation offload leaves in captures taken on the sending host; the bytes
// present are used then. A fragment (MF set or offset != 0) comes back as a 'fragment' result
// for IpReassembler (ip-reassembly.ts); this decoder stays stateless.

import type { CaptureRecord } from '../capture/types.js';
import { headerCutOff, malformed, snapped, u16, u32 } from './context.js';
import type { IpResult } from './ip.js';

const MIN_HEADER = 20;
const FLAG_MF = 0x2000;
const OFFSET_MASK = 0x1fff;

export function formatIpv4(data: Uint8Array, at: number): string {
  return `${data[at]}.${data[at + 1]}.${data[at + 2]}.${data[at + 3]}`;
}

/**
 * Dotted text of the address at `at`, from a bounded cache: a capture has few addresses and many
 * packets, and the same string object each time also keeps the connection table's keys hashed.
 */
const ADDRESS_CACHE_LIMIT = 4096;
const addressCache = new Map<number, string>();
function addressText(data: Uint8Array, at: number): string {
  const n = u32(data, at);
  let text = addressCache.get(n);
  if (text === undefined) {
    if (addressCache.size >= ADDRESS_CACHE_LIMIT) addressCache.clear();
    text = formatIpv4(data, at);
    addressCache.set(n, text);
  }
  return text;
}

export function decodeIpv4(record: CaptureRecord, at: number): IpResult {
  const data = record.data;
  const present = data.length - at;
  if (present < MIN_HEADER) return { kind: 'error', finding: headerCutOff(record, 'ipv4 header', MIN_HEADER, present) };
  const version = data[at] >> 4;
  const headerLength = (data[at] & 0x0f) * 4;
  if (version !== 4) return malformed(record, `ip version ${version} in an ipv4 packet in record ${record.index}`);
  if (headerLength < MIN_HEADER)
    return malformed(record, `ipv4 header length ${headerLength} is less than 20 in record ${record.index}`);
  let totalLength = u16(data, at + 2);
  if (totalLength === 0) totalLength = present; // segmentation offload
  if (totalLength < headerLength)
    return malformed(
      record,
      `ipv4 total length ${totalLength} is less than its header length ${headerLength} in record ${record.index}`,
    );
  if (present < headerLength)
    return { kind: 'error', finding: headerCutOff(record, 'ipv4 header', headerLength, present) };
  if (totalLength > present && !snapped(record))
    return malformed(
      record,
      `ipv4 total length ${totalLength} is more than the ${present} bytes in record ${record.index}`,
    );
  const fragment = u16(data, at + 6);
  const src = addressText(data, at + 12);
  const dst = addressText(data, at + 16);
  if (fragment & (FLAG_MF | OFFSET_MASK)) {
    // A fragment: handed whole to IpReassembler (the session), which owns the per-datagram state.
    return {
      kind: 'fragment',
      version: 4,
      src,
      dst,
      protocol: data[at + 9],
      id: u16(data, at + 4),
      offset: (fragment & OFFSET_MASK) * 8,
      more: (fragment & FLAG_MF) !== 0,
      payload: data.subarray(at + headerLength, at + Math.min(totalLength, present)),
      length: totalLength - headerLength,
    };
  }
  return {
    kind: 'ip',
    version: 4,
    src,
    dst,
    protocol: data[at + 9],
    offset: at + headerLength,
    end: at + Math.min(totalLength, present),
    length: totalLength - headerLength,
  };
}
