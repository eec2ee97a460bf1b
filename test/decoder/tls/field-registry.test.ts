// The TLS field registry against tshark: every record of the real captures in fixtures/tls, walked
// from the start of each TCP direction, must give the record header and clear handshake fields
// tshark shows for the same bytes. tshark's values are frozen in fields.tshark.json (its
// `command` says how they were produced, with TShark 4.0.17); the bytes come from the pcap files.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  TLS_FIELD_KEYS,
  TLS_FIELDS,
  type TlsFieldKey,
  tlsFieldDef,
  tlsRecordFields,
} from '../../../src/decoder/index.js';
import { readTcpStreams } from '../../helpers/pcap-reader.js';

type Dir = Record<string, string[]>;
const truth: { captures: Record<string, Record<string, Dir>> } = JSON.parse(
  readFileSync(new URL('./fields.tshark.json', import.meta.url), 'utf8'),
);

const hex4 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
/** tshark's spelling of each field's value. */
const SPELL: Partial<Record<TlsFieldKey, (v: number | string) => string>> = {
  'tls.record.version': (v) => hex4(v as number),
  'tls.handshake.version': (v) => hex4(v as number),
  'tls.handshake.ciphersuite': (v) => hex4(v as number),
};
const KEYS: TlsFieldKey[] = [
  'tls.record.version',
  'tls.record.length',
  'tls.handshake.type',
  'tls.handshake.length',
  'tls.handshake.version',
  'tls.handshake.ciphersuite',
  'tls.handshake.extensions_server_name',
  'tls.handshake.extensions_alpn_str',
];

/** Our fields for one direction's stream: every record; handshake fields only while in clear. */
function walk(
  stream: Uint8Array,
  tls12: boolean,
): { values: Record<string, string[]>; types: number[]; bytesChecked: number } {
  const values: Record<string, string[]> = Object.fromEntries(KEYS.map((k) => [k, []]));
  const types: number[] = [];
  let encrypted = false;
  let at = 0;
  while (at + 5 <= stream.length) {
    const record = stream.subarray(at, at + 5 + ((stream[at + 3]! << 8) | stream[at + 4]!));
    const fields = tlsRecordFields(record);
    for (const f of fields) {
      // Every instance lies inside the record and reads back as the bytes it names.
      expect(f.offset + f.length).toBeLessThanOrEqual(record.length);
      if (f.key === 'tls.record.content_type') types.push(f.value as number);
      else if (f.key.startsWith('tls.record.') || !encrypted) {
        const spell = SPELL[f.key];
        values[f.key]?.push(spell ? spell(f.value) : String(f.value));
      }
    }
    if (tls12 && record[0] === 20) encrypted = true; // after ChangeCipherSpec, handshakes are sealed
    at += record.length;
  }
  return { values, types, bytesChecked: at };
}

describe('TLS field registry', () => {
  it('declares each field once with a place, a meaning and an RFC section', () => {
    expect(TLS_FIELD_KEYS).toContain('tls.record.content_type');
    for (const key of TLS_FIELD_KEYS) {
      const def = tlsFieldDef(key);
      expect(def.name.length).toBeGreaterThan(0);
      expect(def.blurb.length).toBeGreaterThan(20);
      expect(def.rfc).toMatch(/^RFC \d+ §/);
    }
    // The record header as RFC 8446 §5.1 draws it: type (1), legacy_record_version (2), length (2).
    expect(TLS_FIELDS['tls.record.content_type'].at).toEqual({ in: 'record', offset: 0, bytes: 1 });
    expect(TLS_FIELDS['tls.record.version'].at).toEqual({ in: 'record', offset: 1, bytes: 2 });
    expect(TLS_FIELDS['tls.record.length'].at).toEqual({ in: 'record', offset: 3, bytes: 2 });
    expect(TLS_FIELDS['tls.handshake.length'].at).toEqual({ in: 'handshake', offset: 1, bytes: 3 });
  });

  for (const [name, dirs] of Object.entries(truth.captures)) {
    it(`${name}: every record and clear handshake field as tshark reads it`, () => {
      const streams = readTcpStreams(new URL(`../../../fixtures/tls/${name}.pcap`, import.meta.url).pathname);
      for (const [key, want] of Object.entries(dirs)) {
        const [src, dst] = key.split('>').map(Number) as [number, number];
        const stream = streams.get(src, dst);
        const got = walk(stream, name.includes('tls12'));
        expect(got.bytesChecked, `${key}: records tile the stream`).toBe(stream.length);
        for (const k of KEYS) expect(got.values[k], `${key} ${k}`).toEqual(want[k]);
        // tshark names TLS 1.3's outer type 23 tls.record.opaque_type.
        const wantTypes = [...want['tls.record.content_type']!, ...want['tls.record.opaque_type']!].map(Number);
        expect(got.types.slice().sort()).toEqual(wantTypes.sort());
        expect(got.types.filter((t) => t !== 23)).toEqual(
          want['tls.record.content_type']!.map(Number).filter((t) => t !== 23),
        );
      }
    });
  }

  it('finds the fields of a ClientHello by offset (RFC 8448 §3 layout) and survives truncation', () => {
    const streams = readTcpStreams(
      new URL('../../../fixtures/tls/node-tls12-ecdhe-aes128gcm.pcap', import.meta.url).pathname,
    );
    const stream = streams.get(37260, 18604);
    const record = stream.subarray(0, 5 + ((stream[3]! << 8) | stream[4]!));
    const fields = tlsRecordFields(record);
    const sni = fields.find((f) => f.key === 'tls.handshake.extensions_server_name')!;
    expect(new TextDecoder().decode(record.subarray(sni.offset, sni.offset + sni.length))).toBe('wss.test');
    const random = fields.find((f) => f.key === 'tls.handshake.random')!;
    expect(random.offset).toBe(5 + 4 + 2); // record header, handshake header, legacy_version
    for (let cut = 0; cut < record.length; cut += 7)
      expect(() => tlsRecordFields(record.subarray(0, cut))).not.toThrow();
    expect(tlsRecordFields(record.subarray(0, 4))).toEqual([]);
  });
});
