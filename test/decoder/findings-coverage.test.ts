// Every finding code the decoder registers is produced by real input: for each code, a small
// capture written by the test helpers (test/helpers/ws-capture.ts, pcap-writer.ts) and decoded
// whole through CaptureSession, and the finding asserted with a message naming the value the
// input put there (hand-written, never taken from the decoder). Codes no input can produce are
// listed, with the reason, in NOT_FROM_INPUT. The cases are in findings-coverage/.
import { describe, expect, it } from 'vitest';
import { analyzeCapture, FINDINGS } from '../../src/decoder/index.js';
import { APP_CASES } from './findings-coverage/app.js';
import { TLS_CASES } from './findings-coverage/tls.js';
import { TRANSPORT_CASES } from './findings-coverage/transport.js';
import { WEBSOCKET_CASES } from './findings-coverage/websocket.js';

/**
 * Registered codes that no input can produce, and why. Read against the registry at run time, so
 * a code listed here need not be registered (yet).
 */
const NOT_FROM_INPUT: Record<string, string> = {
  // A caught exception inside the decoder (a bug), never a property of the input.
  'decoder.internal-error': 'only a bug in the decoder produces it',
};

const CASES = { ...TRANSPORT_CASES, ...WEBSOCKET_CASES, ...TLS_CASES, ...APP_CASES };

describe('every finding code is produced by real input', () => {
  it('covers every registered code, except the ones no input can produce', () => {
    const registered = Object.keys(FINDINGS).filter((code) => !(code in NOT_FROM_INPUT));
    expect(Object.keys(CASES).sort()).toEqual(registered.sort());
  });

  for (const [code, c] of Object.entries(CASES)) {
    it(code, () => {
      const a = analyzeCapture(c.input(), c.options);
      const found = a.findings.filter((f) => f.code === code && c.message.test(f.message));
      const all = a.findings.map((f) => `${f.code}: ${f.message}`);
      expect(found.length, `no ${code} matching ${c.message} among:\n${all.join('\n')}`).toBeGreaterThan(0);
      if (c.direction) expect(found.map((f) => f.direction)).toContain(c.direction);
    });
  }
});
