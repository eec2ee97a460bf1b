// TLS: what the handshake negotiated (version, suite, SNI, ALPN, key share group, certificate,
// resumption), whether and how the connection was decrypted (the key log line that matched), and
// for TLS 1.3 the key schedule worked step by step for this connection, in the style of the
// Sec-WebSocket-Accept walkthrough (RFC 8446 §7.1, §7.3, §5.3):
//   key = HKDF-Expand-Label(secret, "key", "", key length)
//   iv  = HKDF-Expand-Label(secret, "iv", "", 12)
//   nonce of record n = iv XOR n (left-padded to 12 bytes)

import type { ReactNode } from 'react';
import type { TlsInfo, TlsKeyStep } from '../../decoder/index.js';
import { Card, Pill } from '../components/Card.js';
import { LockIcon } from '../components/LockIcon.js';
import { formatBytes } from '../model/labels.js';

const RESUMPTION: Record<NonNullable<TlsInfo['resumption']>, string> = {
  'session-id': 'resumed by session ID (TLS 1.2)',
  ticket: 'resumed by session ticket (RFC 5077)',
  psk: 'resumed with a pre-shared key from a ticket (TLS 1.3 PSK)',
};

/** "00 20 09 74 6c 73 …": hex grouped by byte, as RFC 8448 prints its traces. */
const spaced = (hex: string) => hex.replace(/(..)(?=.)/g, '$1 ');

/** The HkdfLabel structure spelled out: length, "tls13 " + label, empty context. */
function LabelInfo({ hex }: { hex: string }) {
  const bytes = hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
  const length = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  const labelLength = bytes[2] ?? 0;
  const label = String.fromCharCode(...bytes.slice(3, 3 + labelLength));
  return (
    <>
      {spaced(hex)}
      <span className="muted">
        {' '}
        (length {length}, "{label}", context "")
      </span>
    </>
  );
}

export function KeySteps({ step, keyLength }: { step: TlsKeyStep; keyLength: number }) {
  const hashLength = step.hash === 'sha384' ? 48 : 32;
  return (
    <div className="tls-steps" data-testid="tls-key-steps">
      <h4>
        {step.direction} · {step.label}
      </h4>
      <ol className="steps">
        <li>
          <span>secret ({hashLength} bytes, from the key log)</span>
          <span className="value">{spaced(step.secret)}</span>
        </li>
        <li>
          <span>HkdfLabel for "key"</span>
          <span className="value">
            <LabelInfo hex={step.keyInfo} />
          </span>
        </li>
        <li>
          <span>
            key = HKDF-Expand({step.hash.toUpperCase()}, secret, label, {keyLength})
          </span>
          <span className="value">{spaced(step.key)}</span>
        </li>
        <li>
          <span>HkdfLabel for "iv"</span>
          <span className="value">
            <LabelInfo hex={step.ivInfo} />
          </span>
        </li>
        <li>
          <span>iv = HKDF-Expand({step.hash.toUpperCase()}, secret, label, 12)</span>
          <span className="value">{spaced(step.iv)}</span>
        </li>
        <li>
          <span>nonce of record 0 = iv XOR 0</span>
          <span className="value">{spaced(step.iv)}</span>
        </li>
        <li>
          <span>nonce of record 1 = iv XOR 1</span>
          <span className="value">{spaced(step.nonce1)}</span>
        </li>
      </ol>
    </div>
  );
}

function Row({ name, children }: { name: string; children: ReactNode }) {
  return (
    <tr>
      <th>{name}</th>
      <td>{children}</td>
    </tr>
  );
}

export function TlsCard({ tls }: { tls: TlsInfo }) {
  const cert = tls.certificate;
  const keyLength = (tls.cipher ?? '').includes('128') ? 16 : 32;
  return (
    <>
      <Card
        title="TLS"
        extra={
          tls.decrypted ? (
            <Pill tone="ok">
              <LockIcon open /> decrypted
            </Pill>
          ) : (
            <Pill tone="warning" title={tls.reason}>
              <LockIcon /> encrypted
            </Pill>
          )
        }
      >
        <table className="kv" data-testid="tls-info">
          <tbody>
            <Row name="version">{tls.version ?? '(no ServerHello seen)'}</Row>
            <Row name="cipher suite">{tls.cipher ?? '—'}</Row>
            <Row name="server name (SNI)">{tls.sni ?? '(none)'}</Row>
            <Row name="ALPN">
              {tls.alpn ?? '(none)'}
              {tls.alpnOffered.length > 0 ? (
                <span className="muted"> · offered: {tls.alpnOffered.join(', ')}</span>
              ) : null}
              {tls.alpn === 'h2' ? <span className="muted"> · HTTP/2: frames not decoded</span> : null}
            </Row>
            <Row name="key share group">
              {tls.group ?? '—'}
              {tls.helloRetry ? <span className="muted"> · after a HelloRetryRequest</span> : null}
            </Row>
            <Row name="resumption">{tls.resumption ? RESUMPTION[tls.resumption] : 'full handshake'}</Row>
            {tls.earlyData ? <Row name="0-RTT early data">{tls.earlyData}</Row> : null}
            <Row name="certificate">
              {cert ? (
                <>
                  <div>subject: {cert.subject}</div>
                  <div>issuer: {cert.issuer}</div>
                  <div className="muted">
                    valid {cert.notBefore ?? '?'} → {cert.notAfter ?? '?'}
                  </div>
                </>
              ) : (
                <span className="muted">
                  {tls.version === 'TLS 1.3' && !tls.decrypted ? '(encrypted in TLS 1.3)' : '(not seen)'}
                </span>
              )}
            </Row>
            <Row name="records">
              client {tls.records.client} ({formatBytes(tls.recordBytes.client)}) · server {tls.records.server} (
              {formatBytes(tls.recordBytes.server)}) · {tls.decryptedRecords} decrypted
            </Row>
            {tls.alerts.length > 0 ? <Row name="alerts">{tls.alerts.join('; ')}</Row> : null}
            {tls.keyUpdates > 0 ? <Row name="KeyUpdate">{tls.keyUpdates}</Row> : null}
            <Row name="key log">{tls.keyLogLine ?? '(no matching secrets)'}</Row>
            {tls.clientRandom ? (
              <Row name="client random">
                <span className="mono">{tls.clientRandom}</span>
              </Row>
            ) : null}
            <Row name="status">
              {tls.decrypted ? 'decrypted' : (tls.reason.split(';')[0] ?? tls.reason)}
              {tls.midConnection ? <span className="muted"> · capture started after the handshake</span> : null}
            </Row>
          </tbody>
        </table>
        {!tls.decrypted ? (
          <div className="verdict bad" data-testid="tls-no-keys">
            To see inside: start the client with SSLKEYLOGFILE=/path/keys.log (browsers, Node, curl and OpenSSL write
            their TLS secrets there), then open that file here with “Key log…” or drop it on the window.
          </div>
        ) : null}
      </Card>
      {tls.keySchedule.length > 0 ? (
        <Card title="TLS 1.3 key schedule, worked for this connection (RFC 8446 §7.3)">
          <p className="muted">
            The key log gives each traffic secret; HKDF-Expand-Label turns it into the record key and IV, and each
            record's nonce is the IV XOR its sequence number.
          </p>
          {tls.keySchedule.map((step) => (
            <KeySteps key={`${step.direction}:${step.label}`} step={step} keyLength={keyLength} />
          ))}
        </Card>
      ) : null}
    </>
  );
}
