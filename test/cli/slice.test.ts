// `wsscope slice`: the chosen connections' packets, checked with tshark (the ground truth): the
// slice holds exactly the packets tshark puts in those TCP streams of the original, with the same
// timestamps, interfaces and lengths, and tshark and wsscope decode the same WebSocket frames and
// messages from it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, runCli } from './helpers.js';

let bin: string;
const dir = mkdtempSync(join(tmpdir(), 'wsscope-slice-'));
beforeAll(() => {
  bin = buildCli();
}, 60_000);

// (a classic pcap has no interface ids or names: tshark prints them empty, its pcapng slice 0)
const PACKET_FIELDS = [
  'frame.time_epoch',
  'frame.encap_type',
  'frame.cap_len',
  'frame.len',
  'tcp.srcport',
  'tcp.flags',
];
const WS_FIELDS = ['tcp.srcport', 'websocket.fin', 'websocket.opcode', 'websocket.mask', 'websocket.payload_length'];

function tshark(file: string, fields: string[], filter?: string): string[] {
  const args = ['-n', '-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  if (filter) args.push('-Y', filter);
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

/** wsscope's messages as content only (ids and connection numbers differ in a slice). */
async function messages(file: string, extra: string[] = []): Promise<string[]> {
  const r = await runCli(bin, ['messages', file, ...extra]);
  expect(r.code).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .map((m) => [m.direction, m.time, m.type, m.base64, m.frames].join(' '));
}

describe.each([
  // classic pcap (becomes pcapng), five interleaved connections: keep the 2nd and 4th
  ['fixtures/captures/b_ws_concurrent.pcap', [2, 4]],
  // big-endian pcapng, two sections, three interfaces of three link types: keep the 1st and 3rd
  ['fixtures/captures/h_pcapng_be_multi.pcapng', [1, 3]],
])('%s', (capture, ids) => {
  const out = join(dir, `${capture.split('/').pop()}.slice.pcapng`);
  const streams = `tcp.stream in {${ids.map((i) => i - 1).join(', ')}}`;

  it('keeps exactly the packets of those TCP streams, with their times, interfaces and lengths', async () => {
    const r = await runCli(bin, ['slice', capture, '-c', ids.join(','), '-w', out]);
    expect(r.code).toBe(0);
    const fields = capture.endsWith('.pcapng')
      ? [...PACKET_FIELDS, 'frame.interface_id', 'frame.interface_name']
      : PACKET_FIELDS;
    const original = tshark(join(ROOT, capture), fields, streams);
    expect(original.length).toBeGreaterThan(0);
    // (`tcp`: the capture's copyable custom blocks are kept too, and tshark lists them as records)
    expect(tshark(out, fields, 'tcp')).toEqual(original);
  });

  it('tshark reads the same WebSocket frames from it', () => {
    expect(tshark(out, WS_FIELDS, 'websocket')).toEqual(
      tshark(join(ROOT, capture), WS_FIELDS, `websocket && ${streams}`),
    );
  });

  it('wsscope reads the same messages from it', async () => {
    const expected: string[] = [];
    for (const id of ids) expected.push(...(await messages(capture, ['-c', String(id)])));
    expect((await messages(out)).sort()).toEqual(expected.sort());
  });
});

describe('slice -Y and the capture-level blocks', () => {
  it('keeps the Decryption Secrets Block of the original, byte for byte', async () => {
    // A pcapng with a DSB (draft-ietf-opsawg-pcapng §4.7: type 0x0000000A, secrets type "TLSK"
    // 0x544c534b, length, the key log lines, padding) inserted after the interface block.
    const original = new Uint8Array(readFileSync(join(ROOT, 'fixtures/captures/d_dumpcap_lo.pcapng')));
    const view = new DataView(original.buffer, original.byteOffset);
    const shbLength = view.getUint32(4, true);
    const idbLength = view.getUint32(shbLength + 4, true);
    const secrets = new TextEncoder().encode(`CLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\n`);
    const padded = Math.ceil(secrets.length / 4) * 4;
    const dsb = new Uint8Array(20 + padded);
    const d = new DataView(dsb.buffer);
    d.setUint32(0, 0x0a, true);
    d.setUint32(4, dsb.length, true);
    d.setUint32(8, 0x544c534b, true);
    d.setUint32(12, secrets.length, true);
    dsb.set(secrets, 16);
    d.setUint32(dsb.length - 4, dsb.length, true);
    const at = shbLength + idbLength;
    const withDsb = new Uint8Array(original.length + dsb.length);
    withDsb.set(original.subarray(0, at));
    withDsb.set(dsb, at);
    withDsb.set(original.subarray(at), at + dsb.length);
    const input = join(dir, 'dsb.pcapng');
    writeFileSync(input, withDsb);
    const out = join(dir, 'dsb.slice.pcapng');
    const r = await runCli(bin, ['slice', input, '-Y', 'http.request.uri == "/formats"', '-w', out]);
    expect(r.code).toBe(0);
    const sliced = new Uint8Array(readFileSync(out));
    expect(Buffer.from(sliced).includes(Buffer.from(dsb))).toBe(true);
    expect(tshark(out, ['frame.number']).length).toBe(tshark(input, ['frame.number'], 'tcp.stream == 0').length);
  });

  it('needs connections and an output', async () => {
    const a = await runCli(bin, ['slice', 'fixtures/sample.pcap', '-w', join(dir, 'x.pcapng')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("'slice' needs the connections to keep");
    const b = await runCli(bin, ['slice', 'fixtures/sample.pcap', '-c', '99', '-w', join(dir, 'x.pcapng')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('no connection 99');
  });
});
