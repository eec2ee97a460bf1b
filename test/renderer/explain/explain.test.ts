// The explanation panel's texts: every finding code, every frame field and the handshake headers
// have a plain-words text with a translation key; the panel's content names the RFC section.

import { describe, expect, it } from 'vitest';
import { FIELD_KEYS, FINDINGS, type FindingCode } from '../../../src/decoder/index.js';
import { explanationOf } from '../../../src/renderer/explain/explain.js';
import { FIELD_TEXTS } from '../../../src/renderer/explain/fields.js';

describe('explanations', () => {
  it('explain why every finding code matters (a code added later falls back to its group)', () => {
    for (const code of Object.keys(FINDINGS) as FindingCode[]) {
      const e = explanationOf({ kind: 'finding', code, message: '' });
      expect(e.texts.length, code).toBeGreaterThanOrEqual(2);
    }
  });

  it('explain every frame header field', () => {
    for (const key of FIELD_KEYS) expect(FIELD_TEXTS[key].length).toBeGreaterThan(40);
  });

  it('gives a finding its RFC section, sentence and close code (RFC 6455 §7.4.1)', () => {
    const e = explanationOf({
      kind: 'finding',
      code: 'message.invalid-utf8',
      message: 'text message is not valid utf-8: invalid sequence at byte 0 of 5',
    });
    expect(e.rfc).toBe('RFC 6455 §8.1');
    expect(e.value).toContain('byte 0 of 5');
    expect(e.texts.map((t) => t.text).join(' ')).toContain('close code 1007');
    expect(e.texts.every((t) => t.key.length > 0)).toBe(true);
  });

  it('explains a field by the registry and a handshake header by name, case-insensitively', () => {
    const field = explanationOf({ kind: 'field', key: 'websocket.mask', display: 'true' });
    expect(field.title).toBe('MASK');
    expect(field.rfc).toBe('RFC 6455 §5.2');
    const header = explanationOf({ kind: 'header', name: 'sec-websocket-key', value: 'dGhlIHNhbXBsZSBub25jZQ==' });
    expect(header.rfc).toBe('RFC 6455 §4.1');
    expect(header.texts[0].key).toBe('explain.header.sec-websocket-key');
    expect(explanationOf({ kind: 'header', name: 'X-Custom', value: '1' }).texts[0].key).toBe('explain.header.other');
  });
});
