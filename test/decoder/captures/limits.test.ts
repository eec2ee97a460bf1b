// The deflate bomb of fixtures/captures/i_deflate_bomb.pcap (made by fixtures/gen/make-synthetic.py):
// one permessage-deflate message of 50,000,000 zero bytes in 48 KB on the wire. With a message
// limit below that, the decoder must cut it off at the limit, say so, stay fast, and still decode
// the message after it (client_no_context_takeover, so its window does not depend on the bomb).
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/decoder/index.js';
import { sha256 } from '../../helpers/intent.js';
import { readCapture, readCaptureIntent } from './capture-intent.js';

const NAME = 'i_deflate_bomb.pcap';
const LIMIT = 16 * 1024 * 1024;

describe('RFC 6455 §10.4 / RFC 7692 §8: a deflate bomb is cut at the message limit', () => {
  it('cuts the 50 MB message at a 16 MiB limit quickly and reports message.too-large', () => {
    const t0 = performance.now();
    const a = analyzeCapture(readCapture(NAME), { limits: { maxMessageSize: LIMIT } });
    const ms = performance.now() - t0;
    expect(ms, 'decode time in ms').toBeLessThan(3000);
    const bomb = a.messages.find((m) => m.direction === 'client' && m.opcode === 2);
    expect(bomb?.payload.length).toBeLessThanOrEqual(LIMIT);
    expect(bomb?.findings).toContain('message.too-large');
    expect(a.findings.map((f) => f.code)).toContain('message.too-large');
  });

  it('still decodes the compressed message sent after the bomb', () => {
    const a = analyzeCapture(readCapture(NAME), { limits: { maxMessageSize: LIMIT } });
    const want = readCaptureIntent(NAME).connections[0].messages.filter((m) => m.dir === 'c2s' && m.opcode === 1);
    const ours = a.messages.filter((m) => m.direction === 'client' && m.opcode === 1);
    expect(ours.map((m) => sha256(m.payload))).toEqual(want.map((m) => m.sha256));
  });

  it('decodes the whole capture in under 3 seconds with the default limits', () => {
    const t0 = performance.now();
    analyzeCapture(readCapture(NAME));
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
