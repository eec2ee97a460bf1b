// Bad TLS input yields findings, never an exception: real streams with bytes flipped, cut or
// shuffled, decoded with their key log (a decoder.internal-error would be a bug).
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { nodeTlsCrypto } from '../../../src/node/tls-crypto.js';
import { mulberry32 } from '../../helpers/rng.js';
import { keyLogText, loadStream, streamPcap, type TlsStream } from '../../helpers/tls-streams.js';

function mutate(s: TlsStream, rand: () => number): TlsStream {
  const streams = s.streams.map((chunks) =>
    chunks.map((c) => {
      const b = Buffer.from(c.hex, 'hex');
      const flips = Math.floor(rand() * 4);
      for (let i = 0; i < flips; i++) b[Math.floor(rand() * b.length)] ^= 1 << Math.floor(rand() * 8);
      const cut = rand() < 0.1 ? Math.floor(rand() * b.length) : b.length;
      return { from: c.from, hex: b.subarray(0, cut).toString('hex') };
    }),
  );
  return { ...s, streams };
}

describe('damaged TLS streams', () => {
  for (const name of ['tls13-aes128gcm', 'tls12-cbc', 'tls12-chacha20', 'tls13-hrr']) {
    it(`${name}: 40 mutated copies decode without a decoder bug`, () => {
      const s = loadStream(name);
      const rand = mulberry32(7);
      for (let n = 0; n < 40; n++) {
        const m = mutate(s, rand);
        const a = analyzeCapture(streamPcap(m, { segmentSize: 1 + Math.floor(rand() * 300) }), {
          tls: { crypto: nodeTlsCrypto, keyLog: keyLogText(s) },
        });
        expect(a.findings.filter((f) => f.code === 'decoder.internal-error').map((f) => f.message)).toEqual([]);
      }
    });
  }
});
