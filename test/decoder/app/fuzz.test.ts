// Bad input never throws (findings.ts): every protocol decoder, fed arbitrary bytes as text and
// binary messages in both directions (fast-check), returns packets and at most one malformed
// report whose offset lies inside what it was given.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDecoder } from '../../../src/decoder/app/registry.js';
import { APP_PROTOCOLS } from '../../../src/decoder/app/select.js';

const utf8 = new TextDecoder();

describe('no protocol decoder throws on arbitrary input', () => {
  for (const protocol of APP_PROTOCOLS) {
    it(protocol, () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ server: fc.boolean(), text: fc.boolean(), bytes: fc.uint8Array({ maxLength: 200 }) }), {
            maxLength: 12,
          }),
          (messages) => {
            const d = makeDecoder(protocol, '/socket.io/?EIO=3');
            for (const m of messages) {
              const text = m.text ? utf8.decode(m.bytes) : null;
              const payload = text === null ? m.bytes : new TextEncoder().encode(text);
              const r = d.decode(m.server ? 'server' : 'client', payload, text);
              if (r.malformed) {
                expect(r.malformed.offset).toBeGreaterThanOrEqual(0);
                expect(typeof r.malformed.message).toBe('string');
              }
            }
          },
        ),
        { numRuns: 300, seed: protocol.length * 7919 },
      );
    });
  }

  it('JSON-looking input too (the JSON protocols get past JSON.parse)', () => {
    const json = fc.json({ maxDepth: 3 });
    for (const protocol of APP_PROTOCOLS) {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.boolean(), json), { maxLength: 8 }), (messages) => {
          const d = makeDecoder(protocol, null);
          for (const [server, text] of messages) {
            const t = protocol === 'signalr' ? `${text}\x1e` : text;
            d.decode(server ? 'server' : 'client', new TextEncoder().encode(t), t);
          }
        }),
        { numRuns: 200, seed: 42 },
      );
    }
  });
});
