// Sandbox: type any Sec-WebSocket-Key and watch Sec-WebSocket-Accept computed step by step
// (RFC 6455 §4.2.2), with the decoder's own computation (decoder/http/accept.ts) and the
// handshake card's walkthrough (AcceptSteps). A received accept can be pasted to compare.

import { useState } from 'react';
import { isValidKey } from '../../../../decoder/index.js';
import { t, useLang } from '../../../i18n/index.js';
import { AcceptSteps } from '../../HandshakeCard.js';
import { AcceptVerdict } from '../steps/handshake-steps.js';
import { acceptCheckOf, TUTORIAL_KEYS } from './accept-check.js';

export function AcceptCalculator({ initialKey }: { initialKey?: string }) {
  useLang();
  const [key, setKey] = useState(initialKey ?? TUTORIAL_KEYS[0]);
  const [received, setReceived] = useState('');
  const check = acceptCheckOf(key, received);
  return (
    <div className={`sandbox-accept${check.received == null ? ' no-received' : ''}`} data-testid="accept-calculator">
      <label className="field">
        <span>Sec-WebSocket-Key</span>
        <input
          className="mono"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          spellCheck={false}
          data-testid="accept-key"
          size={30}
        />
      </label>
      <div className="presets">
        {t('sandbox.accept.examples')}
        {TUTORIAL_KEYS.map((k) => (
          <button key={k} type="button" className="link mono" onClick={() => setKey(k)}>
            {k}
          </button>
        ))}
      </div>
      {isValidKey(key.trim()) ? null : <p className="warn">{t('sandbox.accept.notNonce')}</p>}
      <div className="lesson-accept">
        <AcceptSteps accept={check} />
      </div>
      <label className="field">
        <span>{t('sandbox.accept.received')}</span>
        <input
          className="mono"
          value={received}
          placeholder={check.expected ?? ''}
          onChange={(e) => setReceived(e.target.value)}
          spellCheck={false}
          size={30}
          data-testid="accept-received"
        />
      </label>
      {check.received == null ? null : <AcceptVerdict accept={check} />}
      <output className="mono big" data-testid="accept-output">
        Sec-WebSocket-Accept: {check.expected}
      </output>
    </div>
  );
}
