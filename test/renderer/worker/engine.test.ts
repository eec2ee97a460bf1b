// The worker's engine on real captures: rows carry what the UI shows, details and search
// answer from the kept records. Expected values come from the fixtures' intent.json (what the
// generating program sent), never from the decoder.

import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';
import { hex } from '../../helpers/pcap-writer.js';
import { clientFrame, switchingProtocols, upgradeRequest, wsCapture } from '../../helpers/ws-capture.js';
import { decodeFixture, fixtureBytes } from '../decoded.js';

// The one-line previews themselves are tested with the decoder's format module (test/decoder/format.test.ts).

describe('01_pyws_text_echo: the basic case', () => {
  it('summarises every text message in both directions', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const ws = data.connectionList().filter((c) => c.kind === 'websocket');
    expect(ws).toHaveLength(1);
    const messages = data.messages.rows(data.messagesByConnection.get(ws[0].id)!);
    const texts = messages.filter((m) => m.type === 'text');
    // 7 each way (intent.json)
    expect(texts.filter((m) => m.direction === 'client')).toHaveLength(7);
    expect(texts.filter((m) => m.direction === 'server')).toHaveLength(7);
    expect(texts[0].preview).toBe('hello');
    expect(texts.map((m) => m.length)).toContain(111);
    const closes = messages.filter((m) => m.type === 'close');
    expect(closes.map((m) => m.closeCode)).toEqual([1000, 1000]);
    expect(closes[0].preview).toBe('1000 normal bye');
  });

  it('gives every frame a row with its message id once the message completes', async () => {
    const { data } = await decodeFixture('01_pyws_text_echo.pcap');
    const frames = data.frames.all();
    expect(frames.length).toBe(16); // 14 text + 2 close
    expect(frames.every((f) => f.messageId != null)).toBe(true);
    const client = frames.filter((f) => f.direction === 'client');
    expect(client.every((f) => f.masked)).toBe(true);
    expect(frames.find((f) => f.summary === '(empty)')).toBeDefined();
  });

  it('is the same whole or one byte at a time', async () => {
    const whole = await decodeFixture('01_pyws_text_echo.pcap', 1 << 30);
    const bytes = await decodeFixture('01_pyws_text_echo.pcap', 1);
    expect(bytes.data.frames.all()).toEqual(whole.data.frames.all());
    expect(bytes.data.messages.all()).toEqual(whole.data.messages.all());
  });

  it('answers frame details with fields and the message payload', async () => {
    const { engine, data } = await decodeFixture('01_pyws_text_echo.pcap');
    const first = data.frames.all()[0];
    const detail = engine.frameDetail(first.id, 1024)!;
    expect(detail.frame.fields.length).toBeGreaterThan(4);
    expect(new TextDecoder().decode(detail.message!.message.payload)).toBe('hello');
  });

  it('cuts a payload to the size asked for', async () => {
    const { engine, data } = await decodeFixture('01_pyws_text_echo.pcap');
    const big = data.messages.all().find((m) => m.length === 100)!;
    const detail = engine.messageDetail(big.id, 10)!;
    expect(detail.cut).toBe(true);
    expect(detail.fullLength).toBe(100);
    expect(detail.message.payload.length).toBe(10);
  });
});

describe('compact record storage', () => {
  const fixtures = [
    '01_pyws_text_echo.pcap',
    '02a_pyws_deflate_context_takeover.pcap',
    '04_fragments_ping_pong_close_codes.pcap',
    '05_pyws_large_binary.pcap',
    '07d_neg_unmasked_client_frame.pcap',
    '07j_neg_invalid_utf8_text.pcap',
    '10e_tcp_lost_segment.pcap',
  ];
  it.each(fixtures)('rebuilds every frame and message of %s exactly as the decoder made it', async (name) => {
    const { engine } = await decodeFixture(name);
    const direct = analyzeCapture(await fixtureBytes(name));
    expect(direct.frames.length).toBeGreaterThan(0);
    for (const frame of direct.frames) {
      expect(withPayloadAsText(engine.frameDetail(frame.id, 1 << 30)!.frame)).toEqual(withPayloadAsText(frame));
    }
    for (const message of direct.messages) {
      expect(withPayloadAsText(engine.messageDetail(message.id, 1 << 30)!.message)).toEqual(withPayloadAsText(message));
    }
  });
});

/**
 * The record with its payload as one byte-exact comparison: toEqual walks a Uint8Array element by
 * element, which took 30-90 s on the megabyte payloads of 05_pyws_large_binary.
 */
function withPayloadAsText<T extends { payload: Uint8Array }>(record: T): Omit<T, 'payload'> & { payload: string } {
  return { ...record, payload: Buffer.from(record.payload).toString('base64') };
}

describe('compressed fragmented messages while they are still open (live capture)', () => {
  // RFC 7692 §7.2.3.1: "Hello" deflated is f2 48 cd c9 c9 07 00; sent in two fragments, RSV1 on
  // the first only (§6.1), and the capture stops before the final fragment, as a live one can.
  const deflate = 'Sec-WebSocket-Extensions: permessage-deflate\r\n';
  const bytes = wsCapture(
    (c) => {
      c.send('client', clientFrame({ opcode: 1, rsv: 0b100, fin: false, payload: hex('f248cd') }));
      c.send('client', clientFrame({ opcode: 0, fin: false, payload: hex('c9c90700') }));
    },
    { request: upgradeRequest(deflate), response: switchingProtocols(deflate), noFin: true },
  );

  it('shows every fragment as compressed, the continuation too, until the message completes', () => {
    const engine = new DecodeEngine(bytes.length);
    const data = new CaptureData();
    engine.push(bytes);
    data.apply(engine.takeBatch());
    expect([data.frames.row(1)!.summary, data.frames.row(2)!.summary]).toEqual([
      '(compressed, 3 bytes)',
      '(compressed, 4 bytes)',
    ]);
  });
});

describe('search (all connections, inflated messages included)', () => {
  it('finds text case-insensitively and returns its frames', async () => {
    const { engine } = await decodeFixture('01_pyws_text_echo.pcap');
    const result = engine.search('BYE-ish');
    // 'bye-ish' was sent once each way
    expect(result.messageIds).toHaveLength(2);
    expect(result.frameIds).toHaveLength(2);
  });

  it('finds words inside permessage-deflate messages (RFC 7692)', async () => {
    const { engine, data } = await decodeFixture('02a_pyws_deflate_context_takeover.pcap');
    const result = engine.search('price_update');
    expect(result.messageIds.length).toBeGreaterThan(2);
    // the rows of compressed frames show the inflated text
    const row = data.frames.row(result.frameIds[0])!;
    expect(row.rsv).toBe('100');
    expect(row.summary.startsWith('⇲ {"user": "alice"')).toBe(true);
  });

  it('finds nothing for an empty query', async () => {
    const { engine } = await decodeFixture('01_pyws_text_echo.pcap');
    expect(engine.search('').frameIds).toEqual([]);
  });
});

describe('bad input', () => {
  it('reports a file that is not a capture as fatal', () => {
    const engine = new DecodeEngine(5);
    engine.push(new TextEncoder().encode('hello'));
    engine.end();
    const batch = engine.takeBatch();
    expect(batch.fatal).toBeTruthy();
    expect(batch.done).toBe(true);
  });

  it('decodes a pcapng like its pcap twin', async () => {
    const bytes = await fixtureBytes('09a_format_pcapng.pcapng');
    const engine = new DecodeEngine(bytes.length);
    engine.push(bytes);
    engine.end();
    const batch = engine.takeBatch();
    expect(batch.info?.format).toBe('pcapng');
    const data = new CaptureData();
    data.apply(batch);
    expect(data.messages.all().filter((m) => m.type === 'text')).toHaveLength(14);
  });
});

describe('findings links: the frames a packet carried', () => {
  // tshark's reading of 01 (oracle.json): packet 8 carries the first frame, a masked text
  // "hello"; packet 4 is the HTTP upgrade request and carries no frame.
  it('finds the frame a packet carried', async () => {
    const { engine, data } = await decodeFixture('01_pyws_text_echo.pcap');
    const conn = data.firstInteresting()!;
    const ids = engine.framesForPacket(8, conn.id, null);
    expect(ids).toHaveLength(1);
    expect(new TextDecoder().decode(engine.frameDetail(ids[0], 1024)!.frame.payload)).toBe('hello');
  });

  it('falls back to the nearest frame of the connection for a packet with none', async () => {
    const { engine, data } = await decodeFixture('01_pyws_text_echo.pcap');
    const conn = data.firstInteresting()!;
    // one second before packet 8 (time_epoch 1795320720.109071): the first frame is nearest
    const ids = engine.framesForPacket(4, conn.id, 1795320719.109071);
    expect(ids).toHaveLength(1);
    expect(new TextDecoder().decode(engine.frameDetail(ids[0], 1024)!.frame.payload)).toBe('hello');
    expect(engine.framesForPacket(4, null, null)).toEqual([]);
  });
});
