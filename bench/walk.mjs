// The ceiling for any JavaScript decoder on this machine: read the capture in 1 MiB chunks (as
// bench/runner.ts does) and walk its classic pcap records, reading each packet's IPv4 and TCP
// header lengths to find the TCP payload size, and nothing more. Prints one JSON line.
//
//   node bench/walk.mjs FILE      (little-endian classic pcap, as bench/generate.mjs writes)

import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1024 * 1024;
const file = process.argv[2];
const started = performance.now();
const fd = openSync(file, 'r');
// Room for one chunk plus a record header (or packet headers) straddling the previous one.
const buf = new Uint8Array(CHUNK + 256 * 1024);
const view = new DataView(buf.buffer);
let have = 0;
let bytes = 0;
let records = 0;
let payloadBytes = 0;
let skip = 24; // the global header
for (;;) {
  const n = readSync(fd, buf, have, CHUNK, null);
  if (n === 0) break;
  bytes += n;
  have += n;
  let at = 0;
  if (skip > 0) {
    const s = Math.min(skip, have);
    at += s;
    skip -= s;
  }
  // A record is walked once its header and first 128 bytes (or all of it) are here.
  while (skip === 0 && at + 16 <= have) {
    const caplen = view.getUint32(at + 8, true);
    const need = Math.min(caplen, 128);
    if (at + 16 + need > have) break;
    const ip = at + 16 + 14;
    const ipHeader = (buf[ip] & 0x0f) * 4;
    const ipTotal = view.getUint16(ip + 2);
    const tcpHeader = (buf[ip + ipHeader + 12] >>> 4) * 4;
    payloadBytes += ipTotal - ipHeader - tcpHeader;
    records++;
    const end = at + 16 + caplen;
    if (end > have) {
      skip = end - have;
      at = have;
    } else at = end;
  }
  buf.copyWithin(0, at, have);
  have -= at;
}
closeSync(fd);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ file, bytes, seconds, mbps: bytes / 1e6 / seconds, records, payloadBytes }));
