// Sandbox: build a frame field by field (RFC 6455 §5.2) and see its bytes and the decoder's
// verdict change as you go. The bytes are written by frame-build.ts exactly as set; the verdict
// comes from the whole real decoder reading them inside a tiny capture (builder-capture.ts),
// loaded with the page decoder's script when the builder first opens (page-decoder-loader.ts).

import { useEffect, useMemo, useState } from 'react';
import { FINDINGS, hexByte, opcodeName } from '../../../../decoder/index.js';
import { t, useLang } from '../../../i18n/index.js';
import type { PageDecoder } from '../../../worker/page-decoder.js';
import { loadPageDecoder } from '../../../worker/page-decoder-loader.js';
import { BitDiagram } from '../../frame/BitDiagram.js';
import { HexView } from '../../frame/HexView.js';
import { RfcQuote } from '../rfc/RfcQuote.js';
import { FINDING_QUOTE } from '../rfc/rfc-text.js';
import { buildFrame, type LengthForm, parseKey } from './frame-build.js';

const OPCODES = Array.from({ length: 16 }, (_, i) => i);
const utf8 = new TextEncoder();

export function FrameBuilder() {
  useLang();
  const [fin, setFin] = useState(true);
  const [rsv, setRsv] = useState([false, false, false]);
  const [opcode, setOpcode] = useState(1);
  const [mask, setMask] = useState(true);
  const [keyText, setKeyText] = useState('37 fa 21 3d');
  const [text, setText] = useState('Hello');
  const [form, setForm] = useState<LengthForm>(7);
  const [from, setFrom] = useState<'client' | 'server'>('client');
  const [hover, setHover] = useState<string | null>(null);

  const key = parseKey(keyText) ?? new Uint8Array(4);
  const payload = useMemo(() => utf8.encode(text), [text]);
  const built = buildFrame({
    fin,
    rsv1: rsv[0],
    rsv2: rsv[1],
    rsv3: rsv[2],
    opcode,
    mask,
    maskingKey: key,
    payload,
    lengthForm: form,
  });
  const [judge, setJudge] = useState<PageDecoder['judgeFrame'] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadPageDecoder().then(
      (decoder) => live && setJudge(() => decoder.judgeFrame),
      (error: Error) => live && setLoadError(error.message),
    );
    return () => {
      live = false;
    };
  }, []);
  const verdict = useMemo(() => (judge ? judge(built.bytes, from) : null), [judge, built.bytes, from]);
  const flag = (label: string, value: boolean, set: (v: boolean) => void) => (
    <label className="flag">
      <input type="checkbox" checked={value} onChange={(e) => set(e.target.checked)} />{' '}
      <span className="mono">{label}</span>
    </label>
  );

  return (
    <div className="sandbox-builder" data-testid="frame-builder">
      <div className="controls">
        {flag('FIN', fin, setFin)}
        {flag('RSV1', rsv[0], (v) => setRsv([v, rsv[1], rsv[2]]))}
        {flag('RSV2', rsv[1], (v) => setRsv([rsv[0], v, rsv[2]]))}
        {flag('RSV3', rsv[2], (v) => setRsv([rsv[0], rsv[1], v]))}
        {flag('MASK', mask, setMask)}
        <label>
          opcode{' '}
          <select value={opcode} onChange={(e) => setOpcode(Number(e.target.value))} data-testid="builder-opcode">
            {OPCODES.map((o) => (
              <option key={o} value={o}>
                {o} ({opcodeName(o)})
              </option>
            ))}
          </select>
        </label>
        <fieldset className="form">
          <legend>{t('sandbox.builder.lengthForm')}</legend>
          {([7, 16, 64] as const).map((f) => (
            <label key={f}>
              <input type="radio" name="length-form" checked={form === f} onChange={() => setForm(f)} /> {f}
            </label>
          ))}
        </fieldset>
        <label>
          {t('sandbox.builder.from')}{' '}
          <select
            value={from}
            onChange={(e) => setFrom(e.target.value as 'client' | 'server')}
            data-testid="builder-from"
          >
            <option value="client">{t('word.clientToServer')}</option>
            <option value="server">{t('word.serverToClient')}</option>
          </select>
        </label>
        <label>
          {t('sandbox.builder.key')}{' '}
          <input
            className="mono"
            value={keyText}
            onChange={(e) => setKeyText(e.target.value)}
            size={11}
            disabled={!mask}
          />
        </label>
      </div>
      <label className="payload">
        <span>{t('sandbox.builder.payload')}</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} data-testid="builder-payload" />
      </label>
      {built.formUsed !== form ? (
        <p className="warn">{t('sandbox.builder.formTooSmall', { form, used: built.formUsed })}</p>
      ) : null}
      {parseKey(keyText) || !mask ? null : <p className="warn">{t('sandbox.builder.badKey')}</p>}
      <div className="mono bytes-line" data-testid="builder-bytes">
        {Array.from(built.bytes.subarray(0, 40), hexByte).join(' ')}
        {built.bytes.length > 40 ? ` … (${built.bytes.length})` : ''}
      </div>
      {verdict?.frame ? (
        <div className="builder-out" data-testid="builder-decoded">
          <BitDiagram frame={verdict.frame} hoverKey={hover} onHover={setHover} />
          <HexView
            bytes={built.bytes.subarray(0, 256)}
            fields={verdict.frame.fields}
            hoverKey={hover}
            onHover={setHover}
            totalLength={built.bytes.length}
          />
        </div>
      ) : null}
      <div className="verdicts" data-testid="builder-findings" aria-live="polite">
        {verdict === null ? (
          <p className="verdict">{loadError ?? t('sandbox.builder.loading')}</p>
        ) : verdict.findings.length === 0 ? (
          <p className="verdict ok">{t('sandbox.builder.valid')}</p>
        ) : (
          verdict.findings.map((f, i) => {
            const quote = FINDING_QUOTE[f.code];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: findings are positional
              <div key={i} className="verdict bad" data-code={f.code}>
                <strong className="mono">{f.code}</strong> {f.message}
                {FINDINGS[f.code] && quote ? <RfcQuote id={quote} /> : null}
              </div>
            );
          })
        )}
      </div>
    </div>
  );
}
