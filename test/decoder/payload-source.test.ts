// Fragments left in the capture file (SessionOptions.payloadSource; issue 13, the CLI's peak RSS):
// the frames of a fragmented message are not held in memory until its last frame but read back
// from the file then, unmasked, and the message is the same. One connection: a client message of
// three masked fragments (8001 + 8002 + 3997 bytes: each starts at another key phase of the joined
// payload) sent in 1460-byte segments, two of them out of order (TCP's slow path buffers them),
// and a server message of two unmasked fragments.

import { describe, expect, it } from 'vitest';
import { CaptureSession, type DecoderEvent, type PayloadSource } from '../../src/decoder/index.js';
import { type PcapRecordSpec, TcpConversation, writePcap } from '../helpers/pcap-writer.js';
import { clientFrame, SERVER, serverFrame, switchingProtocols, upgradeRequest } from '../helpers/ws-capture.js';

const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 251);
const upload = pattern(20000, 1);
const answer = pattern(6000, 2);

function capture(): { file: Uint8Array; cut: number } {
  const c = new TcpConversation({ client: ['10.0.0.1', 50001], server: SERVER, startSeconds: 1700000000 });
  c.handshake();
  c.send('client', upgradeRequest());
  c.send('server', switchingProtocols());
  c.send('client', clientFrame({ opcode: 2, fin: false, payload: upload.subarray(0, 8001) }));
  c.send('server', serverFrame({ opcode: 2, fin: false, payload: answer.subarray(0, 3000) }));
  c.send('client', clientFrame({ opcode: 0, fin: false, payload: upload.subarray(8001, 16003) }));
  const beforeLast = c.records.length;
  c.send('client', clientFrame({ opcode: 0, fin: true, payload: upload.subarray(16003) }));
  c.send('server', serverFrame({ opcode: 0, fin: true, payload: answer.subarray(3000) }));
  const records: PcapRecordSpec[] = [...c.records];
  // The 2nd and 3rd segments of the first fragment swap places.
  const first = records.findIndex((r, i) => i > 5 && r.data.length > 1000);
  [records[first + 1], records[first + 2]] = [
    records[first + 2] as PcapRecordSpec,
    records[first + 1] as PcapRecordSpec,
  ];
  return { file: writePcap(records), cut: writePcap(records.slice(0, beforeLast)).length };
}

/** The file, as the CLI's source reads it, counting what is read. */
function fileSource(file: Uint8Array) {
  const seen = { reads: 0, bytes: 0 };
  const source: PayloadSource = {
    read(fileOffset, into) {
      into.set(file.subarray(fileOffset, fileOffset + into.length));
      seen.reads++;
      seen.bytes += into.length;
    },
  };
  return { source, seen };
}

/** Binary messages' payloads, copied as they come (transient payloads are valid for one step only). */
function payloads(events: DecoderEvent[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const e of events) if (e.kind === 'message' && e.message.type === 'binary') out.push(e.message.payload.slice());
  return out;
}

describe('fragments read back from the capture file', () => {
  const { file, cut } = capture();

  it('holds no fragment in memory: nothing is read before the last frame, then the fragments from the file', () => {
    const { source, seen } = fileSource(file);
    const session = new CaptureSession({ pooledBuffers: true, transientPayloads: true, payloadSource: source });
    session.push(file.subarray(0, cut));
    const early = payloads(session.drain());
    expect(early).toEqual([]);
    expect(seen.reads).toBe(0);
    session.push(file.subarray(cut));
    session.end();
    const [client, server] = payloads(session.drain());
    expect(client).toEqual(upload);
    expect(server).toEqual(answer);
    // Segments that follow one another in the file are read in one call, with the record headers
    // between them (54 bytes of Ethernet, IPv4 and TCP, 16 of pcap record header).
    expect(seen.bytes).toBeGreaterThanOrEqual(upload.length + answer.length);
    expect(seen.bytes).toBeLessThan(upload.length + answer.length + 19 * 70);
  });

  it('gives the same records as a session that keeps the fragments', () => {
    const run = (options: ConstructorParameters<typeof CaptureSession>[0]) => {
      const session = new CaptureSession(options);
      session.push(file);
      session.end();
      return session.drain().filter((e) => e.kind === 'message' || e.kind === 'frame');
    };
    const kept = run({ pooledBuffers: true });
    const read = run({ pooledBuffers: true, payloadSource: fileSource(file).source });
    expect(read.length).toBe(kept.length);
    expect(read).toEqual(kept);
  });
});
