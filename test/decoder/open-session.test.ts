// AnySession tells a HAR file from a capture by its first non-blank byte, holding blank chunks
// until one arrives. A caller may reuse its buffer once push() returns (the CLI reads into three
// buffers in turn), so what is held must be a copy.

import { describe, expect, it } from 'vitest';
import { AnySession } from '../../src/decoder/index.js';

const HAR = '{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[]}}';

describe('AnySession', () => {
  it('keeps its own copy of the blank chunks it holds while undecided', () => {
    const session = new AnySession();
    const buffer = new TextEncoder().encode(' \r\n\t');
    session.push(buffer);
    expect(session.kind).toBeNull();
    // The caller reads the next bytes into the same buffer.
    buffer.fill(0x00);
    session.push(new TextEncoder().encode(HAR));
    expect(session.kind).toBe('har');
    session.end();
    expect(session.drain().filter((e) => e.kind === 'fatal')).toEqual([]);
  });
});
