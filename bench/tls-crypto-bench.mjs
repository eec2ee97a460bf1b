// Per-record AEAD open cost for the small records of WebSocket traffic (issue 9's speed target):
// node:crypto createDecipheriv per record (raw key, or a cached KeyObject) against @noble/ciphers
// (pure JS, all per-key work redone per call; with and without a caller-provided output buffer)
// and @stablelib (pure JS, one object per key: AES schedule and GHASH key computed once), for
// AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 at record sizes 60-200 bytes (and 1-16 KiB for
// where the libraries cross: src/renderer/worker/tls-crypto.ts picks its small-record thresholds
// from it). A microbenchmark: what each costs inside the decoder (allocation, GC) is measured by
// `npm run bench -- --wss`, where @stablelib's faster ChaCha20 on small records did not carry over
// (src/node/tls-crypto.ts).
// Every variant's output is checked against node:crypto's before it is timed.
//
//   node bench/tls-crypto-bench.mjs [--ms 300] [--rounds 3]
// Prints CPU ns per record (median of the rounds).

import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { AES } from '@stablelib/aes';
import { ChaCha20Poly1305 } from '@stablelib/chacha20poly1305';
import { GCM } from '@stablelib/gcm';

const { values } = parseArgs({
  options: { ms: { type: 'string', default: '300' }, rounds: { type: 'string', default: '3' } },
});
const MS = Number(values.ms);
const ROUNDS = Number(values.rounds);
const SIZES = [60, 100, 200, 512, 1024, 2048, 4096, 16384];
const TAG = 16;
const N = 256; // distinct records per (alg, size), cycled, so no variant benefits from one hot input

function seal(alg, key, nonce, aad, pt) {
  const c = createCipheriv(alg, key, nonce, { authTagLength: TAG });
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
  return new Uint8Array(ct.buffer, ct.byteOffset, ct.length);
}

const plain = (b) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** Each variant: (alg, key) => open(nonce, aad, sealed) returning the plaintext (a view is fine). */
const VARIANTS = {
  'node createDecipheriv': (alg, key) => (nonce, aad, sealed) => {
    const d = createDecipheriv(alg, key, nonce, { authTagLength: TAG });
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    const head = d.update(sealed.subarray(0, sealed.length - TAG));
    const tail = d.final();
    return plain(tail.length === 0 ? head : Buffer.concat([head, tail]));
  },
  'node createDecipheriv, KeyObject': (alg, key) => {
    const k = createSecretKey(key);
    return (nonce, aad, sealed) => {
      const d = createDecipheriv(alg, k, nonce, { authTagLength: TAG });
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      const head = d.update(sealed.subarray(0, sealed.length - TAG));
      d.final();
      return plain(head);
    };
  },
  'node createDecipheriv, no options': (alg, key) => (nonce, aad, sealed) => {
    // GCM and ChaCha20-Poly1305 default to 16-byte tags: no options object to validate.
    const d = createDecipheriv(alg, key, nonce);
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    const head = d.update(sealed.subarray(0, sealed.length - TAG));
    d.final();
    return head;
  },
  'noble per record': (alg, key) => {
    const make = alg === 'chacha20-poly1305' ? chacha20poly1305 : gcm;
    return (nonce, aad, sealed) => make(key, nonce, aad).decrypt(sealed);
  },
  'stablelib, per key': (alg, key) => {
    const c = alg === 'chacha20-poly1305' ? new ChaCha20Poly1305(key) : new GCM(new AES(key, true));
    const out = new Uint8Array(16384 + 256);
    return (nonce, aad, sealed) => c.open(nonce, sealed, aad, out.subarray(0, sealed.length - TAG));
  },
  'noble, output buffer': (alg, key) => {
    if (alg !== 'chacha20-poly1305') return null; // noble's gcm takes no output buffer
    const out = new Uint8Array(16384 + 256);
    return (nonce, aad, sealed) =>
      chacha20poly1305(key, nonce, aad).decrypt(sealed, out.subarray(0, sealed.length - TAG));
  },
};

function cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function bench(open, recs) {
  let i = 0;
  let sink = 0;
  const run = (n) => {
    for (let k = 0; k < n; k++) {
      const r = recs[i++ & (N - 1)];
      sink += open(r.nonce, r.aad, r.sealed)[0];
    }
  };
  run(2000); // warm-up
  const samples = [];
  for (let round = 0; round < ROUNDS; round++) {
    // CPU time of this process, not wall time: the machine is shared, and other jobs' load
    // stretches wall time without changing what a record costs.
    let n = 0;
    const t0 = cpuNs();
    let t = t0;
    while (t - t0 < MS * 1e6) {
      run(200);
      n += 200;
      t = cpuNs();
    }
    samples.push((t - t0) / n);
  }
  samples.sort((a, b) => a - b);
  return { ns: samples[Math.floor(samples.length / 2)], sink };
}

console.log(`node ${process.version}, ${MS} ms x ${ROUNDS} rounds per cell, CPU ns per record (median)\n`);
const names = Object.keys(VARIANTS);
console.log(`| alg | record bytes | ${names.join(' | ')} |`);
console.log(`|---|---:|${names.map(() => '---:').join('|')}|`);
for (const alg of ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305']) {
  const key = new Uint8Array(randomBytes(alg === 'aes-128-gcm' ? 16 : 32));
  for (const size of SIZES) {
    const recs = [];
    for (let i = 0; i < N; i++) {
      const nonce = new Uint8Array(randomBytes(12));
      const aad = new Uint8Array([23, 3, 3, (size + TAG) >> 8, (size + TAG) & 0xff]);
      const pt = new Uint8Array(randomBytes(size));
      recs.push({ nonce, aad, pt, sealed: seal(alg, key, nonce, aad, pt) });
    }
    const cells = [];
    for (const name of names) {
      const open = VARIANTS[name](alg, key);
      if (!open) {
        cells.push('—');
        continue;
      }
      for (const r of recs.slice(0, 8)) {
        const got = open(r.nonce, r.aad, r.sealed);
        if (Buffer.compare(Buffer.from(got.subarray(0, size)), Buffer.from(r.pt)) !== 0)
          throw new Error(`${name} ${alg} ${size}: wrong plaintext`);
      }
      const bad = recs[0].sealed.slice();
      bad[0] ^= 1;
      let rejected = false;
      try {
        rejected = open(recs[0].nonce, recs[0].aad, bad) == null;
      } catch {
        rejected = true;
      }
      if (!rejected) throw new Error(`${name}: accepted a corrupted record`);
      cells.push(Math.round(bench(open, recs).ns).toString());
    }
    console.log(`| ${alg} | ${size} | ${cells.join(' | ')} |`);
  }
}
