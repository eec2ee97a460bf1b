// Hex dump lines: offset, 16 bytes in hex, printable ASCII (· for the rest), as Wireshark and
// `xxd` show them.

export const BYTES_PER_LINE = 16;

export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·';
}

export function offsetText(offset: number, total: number): string {
  const width = Math.max(4, total.toString(16).length);
  return offset.toString(16).padStart(width, '0');
}
