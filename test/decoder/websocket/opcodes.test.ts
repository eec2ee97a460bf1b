// The one opcode table (RFC 6455 §5.2, §11.8): numbers, names, control/reserved ranges and the
// message type each opcode makes. Expected values are the RFC's, written out by hand.
import { describe, expect, it } from 'vitest';
import {
  frameTypeOf,
  isControlOpcode,
  isReservedOpcode,
  MESSAGE_TYPES,
  messageTypeOf,
  OPCODE,
  opcodeByName,
  opcodeLabel,
  opcodeName,
} from '../../../src/decoder/index.js';

const ALL = Array.from({ length: 16 }, (_, op) => op);

describe('RFC 6455 §5.2 opcodes', () => {
  it('numbers the six defined opcodes', () => {
    expect(OPCODE).toEqual({ continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 });
  });

  it('names every opcode, reserved ones as reserved-0xN (the CLI JSON `type`)', () => {
    expect(ALL.map(opcodeName)).toEqual([
      'continuation',
      'text',
      'binary',
      'reserved-0x3',
      'reserved-0x4',
      'reserved-0x5',
      'reserved-0x6',
      'reserved-0x7',
      'close',
      'ping',
      'pong',
      'reserved-0xb',
      'reserved-0xc',
      'reserved-0xd',
      'reserved-0xe',
      'reserved-0xf',
    ]);
    expect(opcodeLabel(9)).toBe('9 (ping)');
    expect(opcodeByName('pong')).toBe(10);
    expect(opcodeByName('reserved-0x3')).toBeUndefined();
    expect(opcodeByName('toString')).toBeUndefined();
  });

  it('splits control (%x8-F) from data, and reserved (%x3-7, %xB-F) from defined', () => {
    expect(ALL.filter(isControlOpcode)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(ALL.filter(isReservedOpcode)).toEqual([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]);
  });

  it('gives each opcode its message type; an orphan continuation is binary', () => {
    expect(ALL.map(messageTypeOf)).toEqual([
      'binary',
      'text',
      'binary',
      'reserved',
      'reserved',
      'reserved',
      'reserved',
      'reserved',
      'close',
      'ping',
      'pong',
      'reserved',
      'reserved',
      'reserved',
      'reserved',
      'reserved',
    ]);
    expect(frameTypeOf(0)).toBe('continuation');
    expect(frameTypeOf(2)).toBe('binary');
  });

  it('keeps the message types in their encoded order (the UI stores a type as its index)', () => {
    expect(MESSAGE_TYPES).toEqual(['text', 'binary', 'close', 'ping', 'pong', 'reserved']);
  });
});
