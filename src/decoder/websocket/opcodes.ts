// The one table of RFC 6455 §5.2 opcodes and the message types they make (tungstenite's
// frame/coding.rs, Wireshark's ws_opcode_vals). Every layer, the CLI and the UI take their
// numbers, names and types from here.
//
// Names
// - The six defined opcodes are named in lower case, as the CLI's --opcode filter and JSON print
//   them: continuation, text, binary, close, ping, pong.
// - A reserved opcode (%x3-7, %xB-F) is named `reserved-0x3`: one token (it fits a table column
//   and a filter), with the number in the hex the RFC uses. The CLI's JSON contract carries this
//   exact text in a frame's `type`, so it must not change.

/** RFC 6455 §5.2 opcodes. %x3-7 and %xB-F are reserved. */
export const OPCODE = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export type OpcodeName = keyof typeof OPCODE;

/** Names of the defined opcodes, by number (undefined for reserved ones). */
const NAMES: readonly (OpcodeName | undefined)[] = Array.from({ length: 16 }, (_, op) =>
  (Object.keys(OPCODE) as OpcodeName[]).find((name) => OPCODE[name] === op),
);

/** RFC 6455 §5.5: "Control frames are identified by opcodes where the most significant bit of the opcode is 1." */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0b1000) !== 0;
}

/** RFC 6455 §5.2: %x3-7 are reserved for further non-control frames, %xB-F for control frames. */
export function isReservedOpcode(opcode: number): boolean {
  return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xb;
}

/** "text", "pong", "reserved-0x3" (see the header for why reserved opcodes look so). */
export function opcodeName(opcode: number): string {
  return NAMES[opcode] ?? `reserved-0x${opcode.toString(16)}`;
}

/** The opcode of a defined name ("text" → 1), or undefined. */
export function opcodeByName(name: string): number | undefined {
  return Object.hasOwn(OPCODE, name) ? OPCODE[name as OpcodeName] : undefined;
}

/** "1 (text)", "3 (reserved-0x3)": the number a reader sees in the bits, and its name. */
export function opcodeLabel(opcode: number): string {
  return `${opcode} (${opcodeName(opcode)})`;
}

/**
 * The message types, in a fixed order: the UI encodes a type as its index here (worker rows,
 * column stores), so append only.
 */
export const MESSAGE_TYPES = ['text', 'binary', 'close', 'ping', 'pong', 'reserved'] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

/** What a frame is, seen alone: its message type, or 'continuation' for opcode 0. */
export type FrameType = MessageType | 'continuation';

const MESSAGE_TYPE_OF: readonly MessageType[] = Array.from({ length: 16 }, (_, op) =>
  op === OPCODE.text
    ? 'text'
    : op === OPCODE.binary || op === OPCODE.continuation
      ? 'binary'
      : op === OPCODE.close
        ? 'close'
        : op === OPCODE.ping
          ? 'ping'
          : op === OPCODE.pong
            ? 'pong'
            : 'reserved',
);

/**
 * The type of the message a data or control opcode starts. Opcode 0 gives 'binary': a message
 * that starts with a continuation frame (its first frame was not captured) has an unknown type,
 * and its bytes are kept as binary.
 */
export function messageTypeOf(opcode: number): MessageType {
  return MESSAGE_TYPE_OF[opcode & 0x0f] as MessageType;
}

/** 'continuation' for opcode 0, else the message type of the opcode. */
export function frameTypeOf(opcode: number): FrameType {
  return opcode === OPCODE.continuation ? 'continuation' : messageTypeOf(opcode);
}
