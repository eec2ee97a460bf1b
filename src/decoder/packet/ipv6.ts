// IPv6 (RFC 8200 §3, §4) and RFC 5952 address text.
//
//   version(4) traffic class(8) flow label(20) | payload length(16) | next header(8) |
//   hop limit(8) | src(128) | dst(128)                                    = 40 bytes
//
// Extension headers are walked to the upper layer: hop-by-hop (0), routing (43), destination
// options (60) and the other RFC 8200 §4 ones are (len + 1) * 8 bytes; AH (51, RFC 4302) is
// (len + 2) * 4; fragment (44) is 8 bytes, and a real fragment (offset or M set) comes back as
// a 'fragment' result for IpReassembler (ip-reassembly.ts). Payload length 0 (a jumbogram or offload) means "the bytes present".

import type { CaptureRecord } from '../capture/types.js';
import { headerCutOff, packetFinding, snapped } from './context.js';
import { IP_PROTOCOL, type IpResult } from './ip.js';

const HEADER = 40;
/** Extension headers sized (len + 1) * 8: hop-by-hop, routing, destination options, mobility, HIP, shim6. */
const GENERIC_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);

/** RFC 5952 §4: lower-case hex, no leading zeros, the longest run (2+) of zero groups as `::` (first if tied). */
export function formatIpv6(data: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((data[at + 2 * i] << 8) | data[at + 2 * i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
  if (bestStart === 0 && bestLength === 5 && groups[5] === 0xffff)
    return `::ffff:${data[at + 12]}.${data[at + 13]}.${data[at + 14]}.${data[at + 15]}`;
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

export function decodeIpv6(record: CaptureRecord, at: number): IpResult {
  const data = record.data;
  const present = data.length - at;
  if (present < HEADER) return { kind: 'error', finding: headerCutOff(record, 'ipv6 header', HEADER, present) };
  const view = new DataView(data.buffer, data.byteOffset + at, present);
  const version = data[at] >> 4;
  const malformed = (message: string): IpResult => ({
    kind: 'error',
    finding: packetFinding(record, 'capture.malformed-packet', message),
  });
  if (version !== 6) return malformed(`ip version ${version} in an ipv6 packet in record ${record.index}`);
  let payloadLength = view.getUint16(4);
  if (payloadLength === 0) payloadLength = present - HEADER;
  const total = HEADER + payloadLength;
  if (total > present && !snapped(record))
    return malformed(
      `ipv6 payload length ${payloadLength} is more than the ${present - HEADER} bytes in record ${record.index}`,
    );
  const src = formatIpv6(data, at + 8);
  const dst = formatIpv6(data, at + 24);
  let next = data[at + 6];
  let p = HEADER;
  for (;;) {
    if (next === IP_PROTOCOL.NONE) return { kind: 'other', what: 'ipv6 with no next header' };
    if (next === IP_PROTOCOL.ESP) return { kind: 'other', what: 'esp' };
    const generic = GENERIC_EXTENSIONS.has(next);
    if (!generic && next !== IP_PROTOCOL.FRAGMENT && next !== IP_PROTOCOL.AH) break;
    if (p + 8 > total)
      return malformed(`ipv6 extension header ${next} runs past the payload length in record ${record.index}`);
    if (p + 8 > present)
      return { kind: 'error', finding: headerCutOff(record, 'ipv6 extension header', p + 8, present) };
    let length: number;
    if (next === IP_PROTOCOL.FRAGMENT) {
      length = 8;
      const field = view.getUint16(p + 2);
      const offset = (field >> 3) * 8;
      if (offset !== 0 || field & 1) {
        // A real fragment (an atomic one, offset 0 and M clear, is walked past): its payload is
        // everything after the Fragment header, for IpReassembler.
        return {
          kind: 'fragment',
          version: 6,
          src,
          dst,
          protocol: data[at + p],
          id: view.getUint32(p + 4),
          offset,
          more: (field & 1) !== 0,
          payload: data.subarray(at + p + 8, at + Math.min(total, present)),
          length: total - p - 8,
        };
      }
    } else if (next === IP_PROTOCOL.AH) length = (data[at + p + 1] + 2) * 4;
    else length = (data[at + p + 1] + 1) * 8;
    next = data[at + p];
    p += length;
  }
  if (p > total)
    return malformed(
      `ipv6 extension headers (${p - HEADER} bytes) run past the payload length ${payloadLength} in record ${record.index}`,
    );
  return {
    kind: 'ip',
    version: 6,
    src,
    dst,
    protocol: next,
    offset: at + p,
    end: at + Math.min(total, present),
    length: total - p,
  };
}
