// Fragments left in the capture file (SessionOptions.payloadSource; issue 13, the CLI's peak RSS):
// the frames of a fragmented message are not held in memory until its last frame but read back
// from the file then, unmasked, and the message is the same. One connection: a client message of
// three masked fragments (8001 + 8002 + 3997 bytes: each starts at another key phase of the joined
// payload) sent in 1460-byte segments, two of them out of order (TCP's slow path buffers them),
// and a server message of two unmasked fragments.
// Then the app layer holding such a message while it sniffs the connection: it keeps where the
// bytes are, not the bytes, and reads them back once a later message chose the protocol.

import { describe, expect, it } from 'vitest';
import { CaptureSession, type DecoderEvent, type MessageRecord, type PayloadSource } from '../../src/decoder/index.js';
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

describe('binary payloads as lengths only (binaryPayloadLengthsOnly)', () => {
  const { file } = capture();

  it('reads nothing back for binary messages, and gives their lengths and the same frames', () => {
    const { source, seen } = fileSource(file);
    const run = (options: ConstructorParameters<typeof CaptureSession>[0]) => {
      const session = new CaptureSession(options);
      session.push(file);
      session.end();
      return session.drain();
    };
    const lengths = run({ pooledBuffers: true, payloadSource: source, binaryPayloadLengthsOnly: true });
    const full = run({ pooledBuffers: true, payloadSource: fileSource(file).source });
    expect(seen.reads).toBe(0);
    const messages = (events: DecoderEvent[]) =>
      events.flatMap((e) => (e.kind === 'message' && e.message.type === 'binary' ? [e.message] : []));
    const [client, server] = messages(lengths);
    expect(client?.payload.length).toBe(upload.length);
    expect(server?.payload.length).toBe(answer.length);
    expect(client?.payload.every((b) => b === 0)).toBe(true);
    // Everything else is the same as with the bytes read back.
    const withoutPayloads = (events: DecoderEvent[]) =>
      events.map((e) =>
        e.kind === 'message' ? { ...e, message: { ...e.message, payload: e.message.payload.length } } : e,
      );
    expect(withoutPayloads(lengths)).toEqual(withoutPayloads(full));
  });
});

describe('a fragmented message the app layer holds while it sniffs', () => {
  // Plain text (no protocol looks like it) in three masked fragments, then a JSON-RPC request,
  // which chooses json-rpc: the first message is then decoded as JSON-RPC, from its bytes.
  const words = new TextEncoder().encode('hello there, '.repeat(1500));
  const request = new TextEncoder().encode('{"jsonrpc":"2.0","method":"ping","id":1}');
  const c = new TcpConversation({ client: ['10.0.0.2', 50002], server: SERVER, startSeconds: 1700000000 });
  c.handshake();
  c.send('client', upgradeRequest());
  c.send('server', switchingProtocols());
  c.send('client', clientFrame({ opcode: 1, fin: false, payload: words.subarray(0, 7000) }));
  c.send('client', clientFrame({ opcode: 0, fin: false, payload: words.subarray(7000, 15001) }));
  c.send('client', clientFrame({ opcode: 0, fin: true, payload: words.subarray(15001) }));
  const cut = writePcap(c.records).length;
  c.send('client', clientFrame({ opcode: 1, fin: true, payload: request }));
  const file = writePcap(c.records);

  it('reads it back from the file once the protocol is chosen, and decodes the same', () => {
    const { source, seen } = fileSource(file);
    const session = new CaptureSession({
      pooledBuffers: true,
      transientPayloads: true,
      payloadSource: source,
      app: true,
    });
    session.push(file.subarray(0, cut));
    const first = session.drain();
    const held = first.find((e) => e.kind === 'message')?.message as MessageRecord;
    expect(held.text).toBe(new TextDecoder().decode(words));
    expect(held.app).toBeUndefined();
    // Joined from the file once; the hold read nothing yet.
    const joined = seen.bytes;
    expect(joined).toBeGreaterThanOrEqual(words.length);
    expect(joined).toBeLessThan(words.length + 3 * 70 * 12);
    session.push(file.subarray(cut));
    session.end();
    const rest = session.drain();
    // The hold read the fragments again, into the record's payload, which is what was sent.
    expect(seen.bytes - joined).toBeGreaterThanOrEqual(words.length);
    expect(held.payload).toEqual(words);
    expect(held.app?.protocol).toBe('json-rpc');

    // A session that keeps the fragments (no file) gives the same events.
    const plain = new CaptureSession({ pooledBuffers: true, app: true });
    plain.push(file.subarray(0, cut));
    const plainFirst = plain.drain();
    plain.push(file.subarray(cut));
    plain.end();
    const plainRest = plain.drain();
    const plainHeld = plainFirst.find((e) => e.kind === 'message')?.message as MessageRecord;
    expect(held.app).toEqual(plainHeld.app);
    const findings = (events: DecoderEvent[]) => events.filter((e) => e.kind === 'finding' || e.kind === 'request');
    expect(findings(rest)).toEqual(findings(plainRest));
  });
});
