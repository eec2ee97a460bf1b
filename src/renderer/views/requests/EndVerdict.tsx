// How the connection ended, in one sentence (the decoder's ConnectionRecord.end), with the close
// code a browser's onclose would have reported.

import type { ConnectionRecord } from '../../../decoder/index.js';
import { Pill } from '../../components/Card.js';
import { latencyText } from '../../model/app-summary.js';

export function endTone(c: ConnectionRecord): 'ok' | 'error' | 'warning' | 'note' {
  const how = c.end?.how;
  if (how === 'close-handshake') return c.end?.code === 1000 || c.end?.code === 1001 ? 'ok' : 'warning';
  if (how === 'capture-ended') return 'note';
  if (how === 'close-one-sided' || how === 'tcp-fin') return 'warning';
  return 'error';
}

export function EndVerdict({ connection }: { connection: ConnectionRecord }) {
  const end = connection.end;
  if (!end && connection.absent?.includes('tcp'))
    return <div className="end-verdict note">The file does not record how the connection ended (a HAR file).</div>;
  if (!end) return <div className="end-verdict note">Still open: no end seen yet.</div>;
  return (
    <div className={`end-verdict ${endTone(connection)}`} data-testid="end-verdict">
      <span className="verdict-text">{end.verdict}</span>
      <span className="verdict-pills">
        {end.browserCode !== null ? (
          <Pill tone={end.wasClean ? 'ok' : 'warning'} title="what a browser's onclose would report">
            onclose {end.browserCode}
            {end.wasClean ? ', clean' : ', not clean'}
          </Pill>
        ) : null}
        {end.idleBefore !== null ? <Pill title="idle before the end">idle {latencyText(end.idleBefore)}</Pill> : null}
        {end.missedPongs > 0 ? (
          <Pill tone="warning" title="pings never answered">
            {end.missedPongs} missed pong{end.missedPongs > 1 ? 's' : ''}
          </Pill>
        ) : null}
      </span>
    </div>
  );
}
