// NSS key log files (the SSLKEYLOGFILE format written by browsers, Node, curl and OpenSSL):
//   <LABEL> <client random, 64 hex digits> <secret, hex>
// one per line; '#' comments and blank lines skipped; CRLF accepted. Secrets are keyed by the
// client random of the handshake they belong to (the ClientHello's 32 random bytes).
//
// Lines that cannot be used are not errors: each becomes a note (unknown label, malformed hex)
// and the rest of the file is read. A key log grows while a capture runs, so add() may be called
// again with new text; `version` tells waiting connections that keys arrived.

export const TLS13_LABELS = [
  'CLIENT_EARLY_TRAFFIC_SECRET',
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'SERVER_TRAFFIC_SECRET_0',
  'EXPORTER_SECRET',
] as const;

/** Labels wsscope uses. CLIENT_RANDOM holds the TLS ≤ 1.2 master secret (48 bytes). */
export type KeyLogLabel = 'CLIENT_RANDOM' | (typeof TLS13_LABELS)[number];

const LABELS: ReadonlySet<string> = new Set<string>(['CLIENT_RANDOM', ...TLS13_LABELS]);
/** Known labels wsscope has no use for: noted as such, not as unknown. */
const UNUSED_LABELS: ReadonlySet<string> = new Set([
  'RSA',
  'EARLY_EXPORTER_SECRET',
  'ECH_SECRET',
  'ECH_CONFIG',
  // OpenSSL logs the secrets after a KeyUpdate; wsscope derives them ("traffic upd").
  'CLIENT_TRAFFIC_SECRET_N',
  'SERVER_TRAFFIC_SECRET_N',
]);

export interface KeyLogEntry {
  label: KeyLogLabel;
  /** The client random, 64 lower-case hex digits. */
  clientRandom: string;
  secret: Uint8Array;
  /** Where the line came from: "<source> line N". */
  where: string;
}

const HEX = /^[0-9a-fA-F]+$/;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] as number).toString(16).padStart(2, '0');
  return s;
}

export class KeyLog {
  private readonly byRandom = new Map<string, Partial<Record<KeyLogLabel, KeyLogEntry>>>();
  /** Incremented whenever an entry is added: connections waiting for keys look again. */
  version = 0;
  private entries = 0;
  private sources = 0;

  get size(): number {
    return this.entries;
  }

  /** Parse `text` (a whole file or a chunk of whole lines); returns notes about unusable lines. */
  add(input: string | Uint8Array, source?: string): { added: number; notes: string[] } {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
    const name = source ?? `key log ${++this.sources}`;
    const notes: string[] = [];
    let added = 0;
    const lines = text.split('\n');
    for (let n = 0; n < lines.length; n++) {
      const line = (lines[n] as string).trim();
      if (line === '' || line.startsWith('#')) continue;
      const where = `${name} line ${n + 1}`;
      const parts = line.split(/\s+/);
      const [label, random, secret] = parts as [string, string | undefined, string | undefined];
      if (!LABELS.has(label)) {
        const known = UNUSED_LABELS.has(label) ? 'not used by wsscope' : 'unknown label';
        notes.push(`${where}: ${known} ${JSON.stringify(label.slice(0, 40))}, line ignored`);
        continue;
      }
      if (parts.length !== 3 || !random || !secret || random.length !== 64 || !HEX.test(random)) {
        notes.push(`${where}: ${label} needs a 64-hex-digit client random and a secret, line ignored`);
        continue;
      }
      const okLength = label === 'CLIENT_RANDOM' ? secret.length === 96 : secret.length === 64 || secret.length === 96;
      if (!okLength || !HEX.test(secret)) {
        notes.push(
          `${where}: ${label} secret is not ${label === 'CLIENT_RANDOM' ? '48' : '32 or 48'} bytes of hex, line ignored`,
        );
        continue;
      }
      const key = random.toLowerCase();
      let slot = this.byRandom.get(key);
      if (!slot) {
        slot = {};
        this.byRandom.set(key, slot);
      }
      if (!slot[label as KeyLogLabel]) this.entries++;
      slot[label as KeyLogLabel] = { label: label as KeyLogLabel, clientRandom: key, secret: hexBytes(secret), where };
      added++;
    }
    if (added > 0) this.version++;
    return { added, notes };
  }

  /** The secrets logged for a client random (hex), or undefined. */
  get(clientRandom: string): Partial<Record<KeyLogLabel, KeyLogEntry>> | undefined {
    return this.byRandom.get(clientRandom);
  }

  /** Every handshake's secrets (for a capture that starts after the ClientHello). */
  handshakes(): IterableIterator<Partial<Record<KeyLogLabel, KeyLogEntry>>> {
    return this.byRandom.values();
  }
}
