import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base64Encode, computeAccept, isValidKey, WEBSOCKET_GUID } from '../../../src/decoder/http/index.js';

const FIXTURES = join(__dirname, '../../../fixtures/shared');

describe('RFC 6455 §1.3 Sec-WebSocket-Accept', () => {
  it('uses the GUID of the RFC', () => {
    expect(WEBSOCKET_GUID).toBe('258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
  });

  it('derives the worked example of §1.3 step by step', () => {
    const result = computeAccept('dGhlIHNhbXBsZSBub25jZQ==');
    expect(result.keyWithGuid).toBe('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    // SHA-1 as printed in the RFC: 0xb3 0x7a 0x4f 0x2c 0xc0 0x62 0x4f 0x16 0x90 0xf6 ...
    expect(result.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea');
    // RFC 6455 §1.3 prints "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", which is base64 of the digest above
    // (checked with Python's hashlib + base64). "s3pPLMBiTxaQ9kxG6zzO2HxaGzo=", quoted in some
    // write-ups, decodes to a different digest (b37a4f2cc0624f1690f64c46…): it is not this key's accept.
    expect(result.accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(result.accept).not.toBe('s3pPLMBiTxaQ9kxG6zzO2HxaGzo=');
  });

  it('matches the accept values tshark expected for every handshake in the shared fixtures', () => {
    let checked = 0;
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.oracle.json'))) {
      const oracle = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
      for (const hs of oracle.handshakes) {
        if (!hs.accept_expected_from_key) continue;
        const key = hs.requests[0]['http.sec_websocket_key'];
        expect(computeAccept(key).accept, file).toBe(hs.accept_expected_from_key);
        expect(isValidKey(key)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});

describe('RFC 4648 §10 base64 test vectors', () => {
  const enc = (s: string) => base64Encode(new TextEncoder().encode(s));
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j', (input, output) => {
    expect(enc(input)).toBe(output);
  });

  it('encodes bytes with all bits set', () => {
    // ff ff fe: the last two alphabet characters
    expect(base64Encode(new Uint8Array([0xff, 0xff, 0xfe]))).toBe('///+');
  });
});

describe('RFC 6455 §4.1 Sec-WebSocket-Key shape', () => {
  it('accepts a 16-byte nonce in base64', () => {
    expect(isValidKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe(true);
  });
  it.each([
    ['too short (15 bytes)', 'dGhlIHNhbXBsZSBub25j'],
    ['too long (17 bytes)', 'dGhlIHNhbXBsZSBub25jZTE='],
    ['not base64', 'not a key at all!!!!!!=='],
    ['non-canonical last character', 'dGhlIHNhbXBsZSBub25jZR=='],
    ['empty', ''],
  ])('rejects a key that is %s', (_what, key) => {
    expect(isValidKey(key)).toBe(false);
  });
});
