// The application protocol's one-line reading of a message, for any view that lists messages
// (the messages view, tooltips): `socket.io · chat ["hi"] ack 12`. Pure; null when no protocol
// applies to the message.

import type { AppInfo, RequestRecord } from '../../decoder/index.js';

/** Accepts a MessageRecord (its `app`), or a worker AppRow ({protocol, summary}). */
export function appSummary(
  message: { app?: AppInfo | null } | { protocol: string; summary: string } | null,
): string | null {
  if (!message) return null;
  if ('summary' in message) return `${message.protocol} · ${message.summary}`;
  const app = message.app;
  return app ? `${app.protocol} · ${app.summary}` : null;
}

/** A latency as people read them: µs below a millisecond, ms below a second, else s. */
export function latencyText(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 0.001) return `${Math.round(seconds * 1e6)} µs`;
  if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
  return `${seconds.toFixed(2)} s`;
}

/** The requests a message takes part in: as the request, its first answer or its final one. */
export function requestsOfMessage(requests: readonly RequestRecord[], messageId: number): RequestRecord[] {
  return requests.filter((r) => r.request === messageId || r.response === messageId || r.final === messageId);
}
