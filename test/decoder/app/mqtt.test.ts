// MQTT 3.1.1 / 5.0 packets written byte by byte from the OASIS specifications' figures, fed as
// WebSocket messages in every split: the decoder must find the same packets whatever the
// message boundaries (MQTT §6: "a single WebSocket message MAY contain multiple MQTT Control
// Packets … an MQTT Control Packet MAY span WebSocket messages").

import { describe, expect, it } from 'vitest';
import { MqttDecoder } from '../../../src/decoder/app/mqtt.js';
import type { AppPacket } from '../../../src/decoder/app/types.js';
import { hex } from '../../helpers/pcap-writer.js';

// 3.1.1 §3.1: CONNECT, protocol "MQTT" level 4, flags 0x02 (clean session), keep alive 60,
// client id "c1".
const CONNECT_311 = hex('10 0e 00 04 4d 51 54 54 04 02 00 3c 00 02 63 31');
// §3.2: CONNACK, session present 0, return code 0.
const CONNACK = hex('20 02 00 00');
// §3.8: SUBSCRIBE (flags 0010), packet id 10, filter "a/b" QoS 1.
const SUBSCRIBE = hex('82 08 00 0a 00 03 61 2f 62 01');
// §3.9: SUBACK id 10, granted QoS 1.
const SUBACK = hex('90 03 00 0a 01');
// §3.3: PUBLISH QoS 1 (flags 0010) retain 0, topic "a/b", id 11, payload "hi".
const PUBLISH_Q1 = hex('32 09 00 03 61 2f 62 00 0b 68 69');
const PUBACK = hex('40 02 00 0b');
// PUBLISH QoS 2 retain (flags 0101), topic "t", id 12, payload "x"; PUBREC/PUBREL(0x62)/PUBCOMP.
const PUBLISH_Q2 = hex('35 06 00 01 74 00 0c 78');
const PUBREC = hex('50 02 00 0c');
const PUBREL = hex('62 02 00 0c');
const PUBCOMP = hex('70 02 00 0c');

function run(d: MqttDecoder, dir: 'client' | 'server', messages: Uint8Array[]): AppPacket[] {
  const out: AppPacket[] = [];
  for (const m of messages) {
    const r = d.decode(dir, m, null);
    expect(r.malformed).toBeNull();
    out.push(...r.packets);
  }
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('MQTT 3.1.1 packets and their pairing roles', () => {
  it('CONNECT/CONNACK, SUBSCRIBE/SUBACK, QoS 1 and QoS 2 flows', () => {
    const d = new MqttDecoder();
    const client = run(d, 'client', [CONNECT_311, SUBSCRIBE, PUBLISH_Q1, PUBLISH_Q2, PUBREL]);
    const server = run(d, 'server', [CONNACK, SUBACK, PUBACK, PUBREC, PUBCOMP]);
    expect(client.map((p) => p.summary)).toEqual([
      'CONNECT MQTT 3.1.1 client "c1" keepalive 60 clean',
      'SUBSCRIBE id 10 [{"topic":"a/b","qos":1}]',
      'PUBLISH a/b qos 1 id 11 "hi"',
      'PUBLISH t qos 2 retain id 12 "x"',
      'PUBREL id 12',
    ]);
    expect(client.map((p) => p.pair)).toEqual([
      { op: 'open', key: 'connect', name: 'CONNECT', id: 'connect' },
      { op: 'open', key: 'client:10', name: 'a/b', id: 10 },
      { op: 'open', key: 'client:11', name: 'a/b', id: 11 },
      { op: 'open', key: 'client:12', name: 't', id: 12 },
      { op: 'answer', key: 'client:12', final: false, error: false },
    ]);
    expect(server.map((p) => p.pair)).toEqual([
      { op: 'answer', key: 'connect', final: true, error: false },
      { op: 'answer', key: 'client:10', final: true, error: false },
      { op: 'answer', key: 'client:11', final: true, error: false },
      { op: 'answer', key: 'client:12', final: false, error: false },
      { op: 'answer', key: 'client:12', final: true, error: false },
    ]);
  });

  it('finds the same packets whatever the message boundaries', () => {
    const stream = concat(CONNECT_311, SUBSCRIBE, PUBLISH_Q1, PUBLISH_Q2, PUBREL);
    const whole = run(new MqttDecoder(), 'client', [stream]).map((p) => p.summary);
    for (const size of [1, 2, 3, 7, 13]) {
      const pieces: Uint8Array[] = [];
      for (let i = 0; i < stream.length; i += size) pieces.push(stream.subarray(i, i + size));
      expect(run(new MqttDecoder(), 'client', pieces).map((p) => p.summary)).toEqual(whole);
    }
  });

  it('a refused CONNACK (return code 5, not authorized) fails the CONNECT', () => {
    const d = new MqttDecoder();
    run(d, 'client', [CONNECT_311]);
    expect(run(d, 'server', [hex('20 02 00 05')])[0]?.pair).toEqual({
      op: 'answer',
      key: 'connect',
      final: true,
      error: true,
    });
  });
});

describe('MQTT 5.0 properties and reason codes', () => {
  it('reads CONNECT properties and a PUBACK reason code ≥ 0x80 as a failure', () => {
    const d = new MqttDecoder();
    // v5 CONNECT: "MQTT" level 5, clean start, keep alive 30, properties (5 bytes): session
    // expiry interval (0x11) = 60; client id "v5".
    const connect = hex('10 14 00 04 4d 51 54 54 05 02 00 1e 05 11 00 00 00 3c 00 02 76 35');
    const [p] = run(d, 'client', [connect]);
    expect(p?.summary).toBe('CONNECT MQTT 5.0 client "v5" keepalive 30 clean');
    expect((p?.data as { properties?: unknown } | undefined)?.properties).toEqual({ sessionExpiryInterval: 60 });
    run(d, 'client', [hex('32 07 00 01 74 00 05 00 78')]); // PUBLISH t qos 1 id 5, no properties, "x"
    // PUBACK id 5, reason 0x87 (not authorized), no properties.
    const [ack] = run(d, 'server', [hex('40 03 00 05 87')]);
    expect(ack?.summary).toBe('PUBACK id 5 reason 0x87');
    expect(ack?.pair).toEqual({ op: 'answer', key: 'client:5', final: true, error: true });
  });
});

describe('malformed MQTT', () => {
  it('a remaining length longer than four bytes is malformed at its first byte', () => {
    const r = new MqttDecoder().decode('client', hex('30 ff ff ff ff 01'), null);
    expect(r.malformed).toEqual({ offset: 0, message: 'remaining length longer than 4 bytes' });
  });

  it('a string running past the packet names what and where', () => {
    // CONNECT whose protocol name claims 200 bytes in a 6-byte packet.
    const r = new MqttDecoder().decode('client', hex('10 06 00 c8 4d 51 54 54'), null);
    expect(r.malformed?.message).toBe('protocol name runs past the end of the packet');
    expect(r.malformed?.offset).toBe(4);
  });
});
