// A small DER reader (ITU-T X.690) for what the TLS view shows of a certificate: the subject,
// the issuer and the validity period of the first (end-entity) certificate. Anything it cannot
// read gives null, never an exception.

export interface CertificateSummary {
  subject: string;
  issuer: string;
  notBefore: string | null;
  notAfter: string | null;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(b: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = b[at] as number;
  let len = b[at + 1] as number;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[start + i] as number);
    start += n;
  }
  if (start + len > limit) return null;
  return { tag, start, end: start + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = t.start; at < t.end; ) {
    const c = readTlv(b, at, t.end);
    if (!c) break;
    out.push(c);
    at = c.end;
  }
  return out;
}

const ATTRS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

function oid(b: Uint8Array, t: Tlv): string {
  const first = b[t.start] as number;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    const x = b[i] as number;
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

function text(b: Uint8Array, t: Tlv): string {
  const bytes = b.subarray(t.start, t.end);
  return t.tag === 0x0c ? utf8.decode(bytes) : latin1.decode(bytes);
}

function name(b: Uint8Array, t: Tlv): string {
  const parts: string[] = [];
  for (const set of children(b, t)) {
    for (const atv of children(b, set)) {
      const [type, value] = children(b, atv);
      if (!type || !value || type.tag !== 0x06) continue;
      const id = oid(b, type);
      parts.push(`${ATTRS[id] ?? id}=${text(b, value)}`);
    }
  }
  return parts.join(', ');
}

/** UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as an ISO 8601 string. */
function time(b: Uint8Array, t: Tlv): string | null {
  const s = latin1.decode(b.subarray(t.start, t.end));
  const m =
    t.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
  return `${year}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
}

export function summarizeCertificate(der: Uint8Array): CertificateSummary | null {
  const cert = readTlv(der, 0, der.length);
  if (cert?.tag !== 0x30) return null;
  const tbs = children(der, cert)[0];
  if (tbs?.tag !== 0x30) return null;
  const f = children(der, tbs);
  // [0] EXPLICIT version is optional (v1 certificates omit it).
  const i = f[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = f[i + 2];
  const validity = f[i + 3];
  const subject = f[i + 4];
  if (!issuer || !validity || !subject) return null;
  const [nb, na] = children(der, validity);
  return {
    subject: name(der, subject),
    issuer: name(der, issuer),
    notBefore: nb ? time(der, nb) : null,
    notAfter: na ? time(der, na) : null,
  };
}
