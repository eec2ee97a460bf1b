// Steps 5–8: the first frame's header bits with each field spotlighted in turn (RFC 6455 §5.2),
// masking byte by byte (§5.3), a fragmented message put back together (§5.4), and a compressed
// message inflated (RFC 7692 §7.2.2).

import { asciiChar, type FrameRecord, hexByte, type MessageRecord, opcodeName } from '../../../../decoder/index.js';
import { hasKey, t } from '../../../i18n/index.js';
import { formatBytes } from '../../../model/labels.js';
import { BitDiagram } from '../../frame/BitDiagram.js';
import { defOf, dottedBits, fieldBits, isHeaderField } from '../../frame/layout.js';
import { MaskingTable } from '../../frame/MaskingTable.js';
import type { MessageWithFrames } from '../lesson-data.js';
import type { QuoteId } from '../rfc/rfc-text.js';
import { ApiCode, messageLines } from './api.js';
import type { StepContent } from './types.js';

const FIELD_QUOTE: Record<string, QuoteId> = {
  'websocket.fin': 'fin',
  'websocket.rsv1': 'rsv',
  'websocket.rsv2': 'rsv',
  'websocket.rsv3': 'rsv',
  'websocket.opcode': 'opcode',
  'websocket.mask': 'mask',
  'websocket.payload_length': 'length',
  'websocket.payload_length_ext16': 'length',
  'websocket.payload_length_ext64': 'length',
  'websocket.masking_key': 'masking',
};

function fieldMeaning(key: string, blurb: string): string {
  const k = `field.${key}`;
  return hasKey(k) ? t(k) : blurb;
}

const dirWord = (f: FrameRecord) => (f.direction === 'client' ? t('word.clientToServer') : t('word.serverToClient'));

export function frameStep(frame: FrameRecord, message: MessageRecord | null, sub: number): StepContent {
  const fields = frame.fields.filter(isHeaderField);
  const spot = fields[Math.min(sub, fields.length - 1)];
  const def = defOf(spot);
  const bits = fieldBits(frame.header, spot);
  return {
    title: t('step.frame.title'),
    caption: t('step.frame.caption', { id: frame.id, dir: dirWord(frame), type: opcodeName(frame.opcode) }),
    visual: (
      <div className="lesson-frame">
        <BitDiagram frame={frame} hoverKey={spot.key} onHover={() => undefined} />
        <div className="spotlight" data-testid="spotlight" data-field={spot.key}>
          <strong>{def.name}</strong>
          <span className="mono bits">{dottedBits(spot, bits) || bits}</span>
          <span className="mono">= {spot.display}</span>
          <p>{fieldMeaning(spot.key, def.blurb)}</p>
        </div>
      </div>
    ),
    rfc: [FIELD_QUOTE[spot.key] ?? 'length'],
    browser: (
      <>
        {frame.direction === 'client' ? t('browser.frameClient') : t('browser.frameServer')}
        {message ? <ApiCode lines={messageLines(message)} /> : null}
      </>
    ),
    subCount: fields.length,
    sandboxes: ['builder', 'quiz'],
    wide: true,
  };
}

export function maskingStep(frame: FrameRecord, sub: number): StepContent {
  const key = frame.maskingKey!;
  const n = Math.min(8, frame.payload.length);
  const i = Math.min(sub, n - 1);
  const masked = frame.payload[i] ^ key[i % 4];
  return {
    title: t('step.masking.title'),
    caption: t('step.masking.caption', { id: frame.id, key: Array.from(key, hexByte).join(' ') }),
    visual: (
      <div className="lesson-mask" data-col={i}>
        {/* the spotlighted byte's column (column 1 holds the row names) */}
        <style>{`.lesson-mask tr > td:nth-child(${i + 2}) { background: var(--spot); color: var(--fg); }`}</style>
        <MaskingTable frame={frame} />
        <p className="spotlight mono" data-testid="mask-spot">
          i = {i} · i mod 4 = {i % 4} · {hexByte(masked)} ⊕ {hexByte(key[i % 4])} = {hexByte(frame.payload[i])} “
          {asciiChar(frame.payload[i])}”
        </p>
      </div>
    ),
    rfc: sub === 0 ? ['clientMasks', 'masking'] : ['masking'],
    browser: t('browser.masking'),
    subCount: n,
    sandboxes: ['builder'],
  };
}

/**
 * One payload byte as a class reads it: a printable ASCII character as itself, a space as ·,
 * anything else (UTF-8 continuation bytes, deflate data) as hex, so a character split between
 * two frames shows as its bytes on both sides of the colour change.
 */
function byteText(b: number, hexOnly: boolean): string {
  if (hexOnly || b < 0x20 || b > 0x7e) return hexByte(b);
  return b === 0x20 ? '·' : String.fromCharCode(b);
}

/** The frames' payload bytes one after the other, each coloured by its frame. */
function Reassembled({ frames, limit }: { frames: FrameRecord[]; limit: number }) {
  let left = limit;
  return (
    <div className="lesson-bytes" data-testid="reassembled">
      {frames.map((f, k) => {
        const take = Math.max(0, Math.min(left, f.payload.length));
        left -= take;
        return (
          <span key={f.id} className={`src src-${k % 6}`} title={`frame #${f.id}`}>
            {Array.from(f.payload.subarray(0, take), (b) => byteText(b, f.messageCompressed)).join(' ')}{' '}
          </span>
        );
      })}
      {left <= 0 ? '…' : null}
    </div>
  );
}

export function fragmentsStep(m: MessageWithFrames): StepContent {
  const { message, frames } = m;
  return {
    title: t('step.fragments.title'),
    caption: t('step.fragments.caption', { count: message.frameIds.length, id: message.id }),
    visual: (
      <>
        <table className="lesson-frames">
          <tbody>
            {frames.map((f, k) => (
              <tr key={f.id}>
                <th>
                  <span className={`swatch src-${k % 6}`} /> #{f.id}
                </th>
                <td className="mono">FIN={f.fin ? 1 : 0}</td>
                <td className="mono">
                  opcode={f.opcode} ({opcodeName(f.opcode)})
                </td>
                <td>{formatBytes(f.payload.length)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Reassembled frames={frames} limit={400} />
        {message.compressed ? <p className="muted">{t('step.fragments.compressedNote')}</p> : null}
        {message.text != null && !message.compressed ? (
          <p className="mono text-out" data-testid="assembled-text">
            = {JSON.stringify(message.text.length > 200 ? `${message.text.slice(0, 200)}…` : message.text)}
          </p>
        ) : null}
      </>
    ),
    rfc: ['fragments'],
    browser: (
      <>
        {message.direction === 'client' ? t('browser.fragmentsSent') : t('browser.fragments', { type: message.type })}
        <ApiCode lines={messageLines(message)} />
      </>
    ),
  };
}

const TAIL = [0x00, 0x00, 0xff, 0xff];

export function compressionStep(m: MessageWithFrames): StepContent {
  const { message, frames } = m;
  const wire = frames.reduce((n, f) => n + f.payload.length, 0);
  const shown = 48;
  const bytes: number[] = [];
  for (const f of frames) for (const b of f.payload) if (bytes.length < shown) bytes.push(b);
  const first = frames[0];
  return {
    title: t('step.compression.title'),
    caption: t('step.compression.caption', { id: message.id, wire, size: message.payload.length }),
    visual: (
      <ol className="lesson-pipeline" data-testid="inflate">
        <li>
          <span className="label">1</span>
          <span>
            {t('step.compression.rsv1')} <strong className="mono">RSV1 = {first?.rsv1 ? 1 : 0}</strong> (#{first?.id})
          </span>
        </li>
        <li>
          <span className="label">2</span>
          <span className="mono wrap">
            {bytes.map((b) => hexByte(b)).join(' ')}
            {wire > shown ? ' … ' : ' '}
            <mark className="tail">{TAIL.map(hexByte).join(' ')}</mark>
          </span>
        </li>
        <li>
          <span className="label">3</span>
          <span>{t('step.compression.inflate', { from: wire + 4, to: message.payload.length })}</span>
        </li>
        <li>
          <span className="label">4</span>
          <span className="mono wrap text-out">
            {message.text ?? Array.from(message.payload.subarray(0, 48), hexByte).join(' ')}
          </span>
        </li>
      </ol>
    ),
    rfc: ['compressedBit', 'inflate'],
    browser: (
      <>
        {t('browser.compression')}
        <ApiCode lines={messageLines(message)} />
      </>
    ),
  };
}
