// TCP header (RFC 9293 §3.1).
//
//   src port(16) dst port(16) | seq(32) | ack(32) | data offset(4) reserved(4) flags(8) |
//   window(16) | checksum(16) | urgent pointer(16) | options … (data offset * 4 bytes in all)
//
// Flags byte, MSB first: CWR ECE URG ACK PSH RST SYN FIN. Options are skipped. The payload
// length comes from the IP header; `payload` is what the file holds of it, and `truncated`
// says the capture program cut it short (snaplen). `payload` is a view into record.data.

import type { CaptureRecord } from '../capture/types.js';
import { headerCutOff, malformed, snapped, u16, u32 } from './context.js';
import type { IpResult } from './ip.js';
import type { PacketDecodeResult, TcpFlags } from './types.js';

const MIN_HEADER = 20;

/** Flag sets by flags byte, built once each and shared (frozen: nobody may change them). */
const FLAGS: (TcpFlags | undefined)[] = new Array(256);

export function decodeTcpFlags(byte: number): TcpFlags {
  let flags = FLAGS[byte & 0xff];
  if (flags === undefined) {
    flags = Object.freeze(buildFlags(byte & 0xff));
    FLAGS[byte & 0xff] = flags;
  }
  return flags;
}

function buildFlags(byte: number): TcpFlags {
  return {
    fin: (byte & 0b00000001) !== 0,
    syn: (byte & 0b00000010) !== 0,
    rst: (byte & 0b00000100) !== 0,
    psh: (byte & 0b00001000) !== 0,
    ack: (byte & 0b00010000) !== 0,
    urg: (byte & 0b00100000) !== 0,
    ece: (byte & 0b01000000) !== 0,
    cwr: (byte & 0b10000000) !== 0,
  };
}

export function decodeTcp(record: CaptureRecord, ip: Extract<IpResult, { kind: 'ip' }>): PacketDecodeResult {
  const data = record.data;
  const at = ip.offset;
  const present = Math.max(0, ip.end - at);
  if (ip.length < MIN_HEADER)
    return malformed(
      record,
      `tcp segment of ${ip.length} bytes is shorter than a tcp header in record ${record.index}`,
    );
  if (present < MIN_HEADER) return { kind: 'error', finding: headerCutOff(record, 'tcp header', MIN_HEADER, present) };
  const dataOffset = data[at + 12] >> 4;
  if (dataOffset < 5)
    return malformed(record, `tcp data offset ${dataOffset} is less than 5 in record ${record.index}`);
  const headerLength = dataOffset * 4;
  if (headerLength > ip.length)
    return malformed(
      record,
      `tcp data offset ${dataOffset} (${headerLength} bytes) is more than the ${ip.length}-byte segment in record ${record.index}`,
    );
  if (headerLength > present)
    return { kind: 'error', finding: headerCutOff(record, 'tcp header', headerLength, present) };
  const payloadLength = ip.length - headerLength;
  // A view, not a copy: record.data is already the record's own copy, and a copy per packet
  // (an ArrayBuffer allocation) would cost more than the rest of decodePacket together.
  const payload = data.subarray(at + headerLength, ip.end);
  return {
    kind: 'tcp',
    segment: {
      time: record.time,
      seconds: record.seconds,
      nanos: record.nanos,
      record: record.index,
      ipVersion: ip.version,
      src: { address: ip.src, port: u16(data, at) },
      dst: { address: ip.dst, port: u16(data, at + 2) },
      seq: u32(data, at + 4),
      ack: u32(data, at + 8),
      flags: decodeTcpFlags(data[at + 13]),
      window: u16(data, at + 14),
      payload,
      payloadLength,
      truncated: payload.length < payloadLength && snapped(record),
    },
  };
}
