// The per-connection protocol menu: automatic (subprotocol, target, content), one protocol, or
// none. Shows how the current choice was made.

import { useState } from 'react';
import { APP_PROTOCOLS, type AppProtocolName, type ConnectionRecord } from '../../../decoder/index.js';

export type ProtocolChoice = AppProtocolName | 'none' | null;

const HOW = {
  override: 'your choice',
  subprotocol: 'from the subprotocol',
  target: 'from the URL',
  sniff: 'from the content',
};

export function ProtocolMenu({
  connection,
  onChange,
}: {
  connection: ConnectionRecord;
  onChange: (protocol: ProtocolChoice) => void;
}) {
  const app = connection.app;
  // 'none' leaves no choice on the record, so the menu remembers what was picked.
  const [value, setValue] = useState<string>(app?.chosenBy === 'override' ? app.protocol : '');
  return (
    <div className="protocol-menu">
      <label>
        Application protocol{' '}
        <select
          value={value}
          aria-label="Application protocol"
          onChange={(e) => {
            const v = e.target.value;
            setValue(v);
            onChange(v === '' ? null : (v as AppProtocolName | 'none'));
          }}
        >
          <option value="">automatic{app ? ` (${app.protocol})` : ' (none found)'}</option>
          {APP_PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
          <option value="none">none</option>
        </select>
      </label>
      {app ? (
        <span className="muted">
          {' '}
          {app.protocol}, {HOW[app.chosenBy]}
          {app.chosenBy === 'sniff' ? ` (confidence ${Math.round(app.confidence * 100)}%)` : ''}
        </span>
      ) : null}
    </div>
  );
}
