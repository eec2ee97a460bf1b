// RFC 6455 §5.3 masking worked through byte by byte: unmasked[i] = masked[i] XOR key[i mod 4].

import { asciiChar, type FrameRecord, hexByte } from '../../../decoder/index.js';

/** Payload bytes worked through in the masking table. */
const MASK_ROWS = 8;

export function MaskingTable({ frame }: { frame: FrameRecord }) {
  const key = frame.maskingKey;
  if (!key) return <div className="muted">Not masked: the payload bytes on the wire are the payload.</div>;
  const n = Math.min(MASK_ROWS, frame.payload.length);
  if (n === 0) return <div className="muted">Masked, but the payload is empty.</div>;
  const idx = Array.from({ length: n }, (_, i) => i);
  return (
    <table className="mask-table" data-testid="masking">
      <tbody>
        <tr>
          <th>i</th>
          {idx.map((i) => (
            <td key={i}>{i}</td>
          ))}
        </tr>
        <tr>
          <th>masked (wire)</th>
          {idx.map((i) => (
            <td key={i}>{hexByte(frame.payload[i] ^ key[i % 4])}</td>
          ))}
        </tr>
        <tr>
          <th>⊕ key[i mod 4]</th>
          {idx.map((i) => (
            <td key={i} className="f-key" title={`key byte ${i % 4}`}>
              {hexByte(key[i % 4])}
            </td>
          ))}
        </tr>
        <tr>
          <th>= unmasked</th>
          {idx.map((i) => (
            <td key={i}>
              <strong>{hexByte(frame.payload[i])}</strong>
            </td>
          ))}
        </tr>
        <tr>
          <th>char</th>
          {idx.map((i) => (
            <td key={i}>{asciiChar(frame.payload[i])}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}
