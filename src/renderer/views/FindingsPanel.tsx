// Findings: every finding with severity, RFC section, message, and links to the connection,
// frame and packet it concerns. Errors first, then warnings, then notes; capture order within.

import { FINDINGS, type Finding, type FindingSpec, type Severity } from '../../decoder/index.js';
import { Pill, Placeholder } from '../components/Card.js';

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

function closeCodeFor(f: Finding): number | null {
  const spec: FindingSpec = FINDINGS[f.code];
  return spec.closeCode ?? null;
}

export function FindingsPanel({
  findings,
  onSelectFrame,
  onSelectConnection,
  onSelectPacket,
  onExplain,
}: {
  findings: Finding[];
  onSelectFrame: (frameId: number) => void;
  /** Show what the finding means (the explanation panel): its severity, or a link followed. */
  onExplain?: (finding: Finding) => void;
  onSelectConnection: (connectionId: number) => void;
  /** Select the frame(s) a capture record carried, or the nearest one. */
  onSelectPacket?: (finding: Finding) => void;
}) {
  if (findings.length === 0) return <Placeholder>No findings: nothing here breaks RFC 6455 or TCP.</Placeholder>;
  return (
    <ul className="findings" aria-label="Findings">
      {sortFindings(findings).map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id of their own
        <li key={i} data-code={f.code}>
          <div>
            {onExplain ? (
              <button
                type="button"
                className={`pill ${f.severity}`}
                onClick={() => onExplain(f)}
                title="explain this finding"
                aria-label={`${f.severity}: explain ${f.code}`}
              >
                {f.severity}
              </button>
            ) : (
              <Pill tone={f.severity}>{f.severity}</Pill>
            )}
          </div>
          <div>
            <div>{f.message}</div>
            <div className="where">
              <span className="code">{f.code}</span>
              {f.rfc ? <span className="muted">RFC {f.rfc}</span> : null}
              {f.connectionId != null ? (
                <button type="button" className="link" onClick={() => onSelectConnection(f.connectionId!)}>
                  connection #{f.connectionId}
                </button>
              ) : null}
              {f.frameId != null ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    onExplain?.(f);
                    onSelectFrame(f.frameId!);
                  }}
                >
                  frame #{f.frameId}
                </button>
              ) : null}
              {f.packet != null && onSelectPacket ? (
                <button
                  type="button"
                  className="link"
                  title="select the frame this packet carried (or the nearest frame)"
                  onClick={() => {
                    onExplain?.(f);
                    onSelectPacket(f);
                  }}
                >
                  packet {f.packet}
                </button>
              ) : f.packet != null ? (
                <span className="muted">packet {f.packet}</span>
              ) : null}
              {closeCodeFor(f) != null ? (
                <span className="muted" title="RFC 6455 §7.4.1: the close code a compliant endpoint sends">
                  → close {closeCodeFor(f)}
                </span>
              ) : null}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
