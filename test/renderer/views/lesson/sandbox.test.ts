// The lesson's sandboxes on real bytes: the accept calculator against the accepts published in
// the tutorials (../shared/tutorials, listed in issue 10) and RFC 6455 §1.3; the frame builder's
// bytes against frames built independently by ws (Node) and python-websockets; and the decoder's
// verdict on built frames against the RFC rules they break.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { acceptCheckOf, TUTORIAL_KEYS } from '../../../../src/renderer/views/lesson/sandbox/accept-check.js';
import { judgeFrame } from '../../../../src/renderer/views/lesson/sandbox/builder-capture.js';
import {
  buildFrame,
  type FrameSpec,
  parseKey,
  usableForm,
} from '../../../../src/renderer/views/lesson/sandbox/frame-build.js';

interface WsFrameOptions {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  maskBuffer: Buffer;
  generateMask: (mask: Buffer) => void;
}
/** ws's frame writer (WebSocket.Sender, lib/sender.js; @types/ws does not declare it). */
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: WsFrameOptions): Buffer[] };
};

describe('accept calculator (RFC 6455 §4.2.2)', () => {
  it.each([
    ['w4v7O6xFTi36lq3RNcgctw==', 'Oy4NRAQ13jhfONC7bP8dTKb4PTU='],
    ['dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
    ['sXEi4SbUeCOsLZPsVA/nVQ==', '/0ADGx6psxTUOpymObx+/Bm4GiQ='],
    ['8cyP/EvUjJHSMbkOIHFU/w==', 'EiaKGKO0E/pC8vnArob263aS3XY='],
  ])('%s gives the published accept %s', (key, accept) => {
    expect(acceptCheckOf(key, '').expected).toBe(accept);
    expect(acceptCheckOf(key, accept).valid).toBe(true);
    expect(TUTORIAL_KEYS).toContain(key);
  });

  it('shows the RFC 6455 §1.3 worked example: key + GUID and the SHA-1 bytes the RFC prints', () => {
    const check = acceptCheckOf(' dGhlIHNhbXBsZSBub25jZQ== ', '');
    expect(check.keyWithGuid).toBe('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    // "0xb3 0x7a 0x4f 0x2c 0xc0 0x62 0x4f 0x16 0x90 0xf6 0x46 0x06 0xcf 0x38 0x59 0x45 0xb2 0xbe 0xc4 0xea"
    expect(check.sha1Hex).toBe('b37a4f2cc0624f1690f64606cf385945b2bec4ea');
  });

  it('compares a pasted accept and marks a wrong one invalid', () => {
    expect(acceptCheckOf('dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=').valid).toBe(true);
    expect(acceptCheckOf('dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOx=').valid).toBe(false);
    expect(acceptCheckOf('dGhlIHNhbXBsZSBub25jZQ==', '').received).toBeNull();
  });
});

const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const base: FrameSpec = {
  fin: true,
  rsv1: false,
  rsv2: false,
  rsv3: false,
  opcode: 1,
  mask: true,
  maskingKey: KEY,
  payload: new TextEncoder().encode('Hello'),
  lengthForm: 7,
};

/** The same frame written by ws's Sender.frame, with our masking key. */
function wsFrame(spec: FrameSpec): Uint8Array {
  const parts = Sender.frame(Buffer.from(spec.payload), {
    fin: spec.fin,
    rsv1: spec.rsv1,
    opcode: spec.opcode,
    mask: spec.mask,
    readOnly: false,
    maskBuffer: Buffer.alloc(4),
    generateMask: (m: Buffer) => m.set(spec.maskingKey),
  });
  return new Uint8Array(Buffer.concat(parts));
}

describe('frame builder (RFC 6455 §5.2)', () => {
  it('writes RFC 6455 §5.7’s masked "Hello" byte for byte', () => {
    // "0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58"
    expect(Buffer.from(buildFrame(base).bytes).toString('hex')).toBe('818537fa213d7f9f4d5158');
  });

  it.each([
    ['masked text, 7-bit length', base],
    ['unmasked text', { ...base, mask: false }],
    ['RSV1 (compressed flag), binary', { ...base, rsv1: true, opcode: 2 }],
    ['fragment without FIN', { ...base, fin: false }],
    ['ping', { ...base, opcode: 9, payload: new TextEncoder().encode('are you there?') }],
    ['200 bytes: 16-bit length', { ...base, payload: new Uint8Array(200).fill(0x61), lengthForm: 16 as const }],
    ['70 000 bytes: 64-bit length', { ...base, payload: new Uint8Array(70_000).fill(7), lengthForm: 64 as const }],
  ])('%s equals ws’s frame', (_name, spec) => {
    expect(Buffer.from(buildFrame(spec).bytes).equals(Buffer.from(wsFrame(spec)))).toBe(true);
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('equals python-websockets’ serialisation', () => {
    const script = `
import sys, websockets.frames as f
from unittest import mock
frame = f.Frame(f.Opcode.TEXT, "Hello, 世界".encode())
with mock.patch("secrets.token_bytes", return_value=bytes.fromhex("37fa213d")):
    sys.stdout.write(frame.serialize(mask=True).hex())`;
    const py = execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
    const ours = buildFrame({ ...base, payload: new TextEncoder().encode('Hello, 世界') }).bytes;
    expect(Buffer.from(ours).toString('hex')).toBe(py);
  });

  it('writes the long forms the student picks even for a short payload, but never a 7-bit form over 125', () => {
    expect(Buffer.from(buildFrame({ ...base, mask: false, lengthForm: 16 }).bytes).toString('hex')).toBe(
      '817e000548656c6c6f',
    );
    expect(usableForm(7, 126)).toBe(16);
    expect(usableForm(7, 65_536)).toBe(64);
    expect(usableForm(16, 65_536)).toBe(64);
    expect(buildFrame({ ...base, payload: new Uint8Array(126), lengthForm: 7 }).formUsed).toBe(16);
  });

  it('reads a masking key typed as hex bytes', () => {
    expect(parseKey('37 fa 21 3d')).toEqual(KEY);
    expect(parseKey('37:fa:21:3d')).toEqual(KEY);
    expect(parseKey('37 fa 21')).toBeNull();
    expect(parseKey('zz fa 21 3d')).toBeNull();
  });
});

describe('the decoder’s verdict on built frames', () => {
  const codes = (spec: FrameSpec, from: 'client' | 'server' = 'client') =>
    judgeFrame(buildFrame(spec).bytes, from).findings.map((f) => f.code);

  it('finds nothing wrong with a masked client text frame, and decodes its fields', () => {
    const v = judgeFrame(buildFrame(base).bytes, 'client');
    expect(v.findings).toEqual([]);
    expect(v.frame?.opcode).toBe(1);
    expect(v.frame?.maskingKey).toEqual(KEY);
    expect(new TextDecoder().decode(v.frame?.payload)).toBe('Hello');
  });

  it('§5.1: an unmasked client frame, a masked server frame', () => {
    expect(codes({ ...base, mask: false })).toContain('frame.client-unmasked');
    expect(codes(base, 'server')).toContain('frame.server-masked');
    expect(codes({ ...base, mask: false }, 'server')).toEqual([]);
  });

  it('§5.2: RSV bits without an extension, a reserved opcode, a length not in its shortest form', () => {
    expect(codes({ ...base, rsv2: true })).toContain('frame.rsv-without-extension');
    expect(codes({ ...base, opcode: 3 })).toContain('frame.reserved-opcode');
    expect(codes({ ...base, lengthForm: 64 })).toContain('frame.non-minimal-length');
  });

  it('§5.5: a control frame without FIN; §8.1: invalid UTF-8 in a text message', () => {
    expect(codes({ ...base, opcode: 9, fin: false })).toContain('frame.control-fragmented');
    expect(codes({ ...base, payload: Uint8Array.of(0xc3, 0x28) })).toContain('message.invalid-utf8');
  });
});
