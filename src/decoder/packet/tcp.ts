// TCP header (RFC 9293 §3.1).
//
//   src port(16) dst port(16) | seq(32) | ack(32) | data offset(4) reserved(4) flags(8) |
//   window(16) | checksum(16) | urgent pointer(16) | options … (data offset * 4 bytes in all)
//
// Flags byte, MSB first: CWR ECE URG ACK PSH RST SYN FIN. Options are skipped. The payload
// length comes from the IP header; `payload` is what the file holds of it, and `truncated`
// says the capture program cut it short (snaplen). `payload` is a view into record.data.

import type { CaptureRecord, PacketDecodeResult, TcpFlags } from '../model.js';
import { headerCutOff, packetFinding, snapped } from './context.js';
import type { IpResult } from './ip.js';

const MIN_HEADER = 20;

export function decodeTcpFlags(byte: number): TcpFlags {
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
  const malformed = (message: string): PacketDecodeResult => ({
    kind: 'error',
    finding: packetFinding(record, 'capture.malformed-packet', message),
  });
  if (ip.length < MIN_HEADER)
    return malformed(`tcp segment of ${ip.length} bytes is shorter than a tcp header in record ${record.index}`);
  if (present < MIN_HEADER) return { kind: 'error', finding: headerCutOff(record, 'tcp header', MIN_HEADER, present) };
  const view = new DataView(data.buffer, data.byteOffset + at, present);
  const dataOffset = data[at + 12] >> 4;
  if (dataOffset < 5) return malformed(`tcp data offset ${dataOffset} is less than 5 in record ${record.index}`);
  const headerLength = dataOffset * 4;
  if (headerLength > ip.length)
    return malformed(
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
      src: { address: ip.src, port: view.getUint16(0) },
      dst: { address: ip.dst, port: view.getUint16(2) },
      seq: view.getUint32(4),
      ack: view.getUint32(8),
      flags: decodeTcpFlags(data[at + 13]),
      window: view.getUint16(14),
      payload,
      payloadLength,
      truncated: payload.length < payloadLength && snapped(record),
    },
  };
}
