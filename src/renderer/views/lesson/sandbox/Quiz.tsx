// Sandbox: a quiz on real frames of the open capture. One header field is hidden ("is this
// frame masked?", "what is its opcode?"); the student answers or clicks to reveal. The header
// is shown bit by bit with the hidden field's bits as "?", every other field readable.

import { useEffect, useMemo, useState } from 'react';
import type { FrameRecord } from '../../../../decoder/index.js';
import { opcodeName } from '../../../../decoder/index.js';
import { type MessageKey, t, useLang } from '../../../i18n/index.js';
import type { CaptureData } from '../../../model/capture-data.js';
import { useController } from '../../../model/context.js';
import { useAppState } from '../../../model/store.js';
import { defOf, fieldBits, fieldClass, isHeaderField } from '../../frame/layout.js';

const FRAMES = 24;

interface Question {
  field: 'websocket.mask' | 'websocket.opcode' | 'websocket.fin' | 'websocket.payload_length';
  ask: MessageKey;
  choices: { label: string; value: string }[];
  answer: (f: FrameRecord) => string;
}

const yesNo = [
  { label: '0', value: '0' },
  { label: '1', value: '1' },
];

export const QUESTIONS: Question[] = [
  { field: 'websocket.mask', ask: 'quiz.mask', choices: yesNo, answer: (f) => (f.masked ? '1' : '0') },
  {
    field: 'websocket.opcode',
    ask: 'quiz.opcode',
    choices: [0, 1, 2, 8, 9, 10].map((o) => ({ label: `${o} ${opcodeName(o)}`, value: String(o) })),
    answer: (f) => String(f.opcode),
  },
  { field: 'websocket.fin', ask: 'quiz.fin', choices: yesNo, answer: (f) => (f.fin ? '1' : '0') },
];

function frameIdsOf(data: CaptureData, connectionId: number | null): number[] {
  const ids = connectionId != null ? data.framesByConnection.get(connectionId) : undefined;
  return ids ? ids.toArray().slice(0, FRAMES) : [];
}

/** The header bit by bit, 8 to a byte, the hidden field's bits replaced by "?". */
function HiddenBits({
  frame,
  hidden,
  plain,
  reveal,
}: {
  frame: FrameRecord;
  hidden: string;
  /** A field drawn without its colour (so its extent does not tell the answer). */
  plain: string | null;
  reveal: boolean;
}) {
  const fields = frame.fields.filter(isHeaderField);
  const cells: { bit: string; cls: string; hide: boolean }[] = [];
  for (let b = 0; b < frame.headerLength * 8; b++) {
    const f = fields.find((x) => b >= x.bitOffset && b < x.bitOffset + x.bitLength);
    const bit = (frame.header[b >> 3] >> (7 - (b & 7))) & 1;
    const hide = f?.key === hidden && !reveal;
    cells.push({ bit: hide ? '?' : String(bit), cls: f && f.key !== plain ? fieldClass(f) : '', hide });
  }
  return (
    <div className="quiz-bits mono" data-testid="quiz-bits">
      {Array.from({ length: frame.headerLength }, (_, byte) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: bytes are positional
        <span key={byte} className="byte">
          {cells.slice(byte * 8, byte * 8 + 8).map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: bits are positional
            <span key={i} className={`${c.cls}${c.hide ? ' hidden-bit' : ''}`}>
              {c.bit}
            </span>
          ))}
        </span>
      ))}
    </div>
  );
}

export function Quiz() {
  useLang();
  const controller = useController();
  const data = useAppState((s) => s.data);
  const connectionId = useAppState((s) => s.selectedConnectionId);
  const ids = useMemo(() => frameIdsOf(data, connectionId), [data, connectionId]);
  const [round, setRound] = useState(0);
  const [frame, setFrame] = useState<FrameRecord | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);
  const question = QUESTIONS[round % QUESTIONS.length];
  const frameId = ids.length > 0 ? ids[(round * 7) % ids.length] : null;

  useEffect(() => {
    if (frameId == null) return;
    let live = true;
    void controller.frameDetail(frameId).then((d) => {
      if (live) setFrame(d?.frame ?? null);
    });
    return () => {
      live = false;
    };
  }, [frameId, controller]);

  if (frameId == null) return <p className="muted">{t('quiz.noFrames')}</p>;
  if (!frame) return <p className="muted">{t('lesson.loading')}</p>;
  const answer = question.answer(frame);
  const shown = reveal || picked != null;
  // asking about MASK, the masking key's value would give the answer away: it stays unlabelled
  const giveaway = question.field === 'websocket.mask' && !shown ? 'websocket.masking_key' : null;
  const others = frame.fields.filter((f) => isHeaderField(f) && f.key !== question.field && f.key !== giveaway);
  return (
    <div className="sandbox-quiz" data-testid="quiz">
      <p className="question">
        {t('quiz.frame', { id: frame.id })} <strong>{t(question.ask)}</strong>
      </p>
      <HiddenBits frame={frame} hidden={question.field} plain={giveaway} reveal={shown} />
      <ul className="quiz-known">
        {others.map((f) => (
          <li key={f.key}>
            <span className={`op-dot ${fieldClass(f)}`} />
            {defOf(f).name} = <span className="mono">{f.display}</span>
          </li>
        ))}
      </ul>
      <div className="choices">
        {question.choices.map((c) => (
          <button
            key={c.value}
            type="button"
            disabled={shown}
            className={shown && c.value === answer ? 'right' : shown && c.value === picked ? 'wrong' : undefined}
            onClick={() => setPicked(c.value)}
          >
            {c.label}
          </button>
        ))}
        <button
          type="button"
          className="link"
          onClick={() => setReveal(true)}
          disabled={shown}
          data-testid="quiz-reveal"
        >
          {t('quiz.reveal')}
        </button>
      </div>
      {shown ? (
        <p className="verdict ok" data-testid="quiz-answer">
          {picked == null ? '' : picked === answer ? `${t('quiz.right')} ` : `${t('quiz.wrong')} `}
          {defOf({ key: question.field }).name} = {frame.fields.find((f) => f.key === question.field)?.display}{' '}
          <span className="mono">({fieldBits(frame.header, frame.fields.find((f) => f.key === question.field)!)})</span>
        </p>
      ) : null}
      <button
        type="button"
        onClick={() => {
          setRound(round + 1);
          setPicked(null);
          setReveal(false);
        }}
        data-testid="quiz-next"
      >
        {t('quiz.next')}
      </button>
    </div>
  );
}
