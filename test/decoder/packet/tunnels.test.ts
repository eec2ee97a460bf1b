// A WebSocket connection carried inside tunnels (GTP-U, VXLAN, GRE, ERSPAN, IP-in-IP, MPLS,
// PPPoE, QinQ): decoded as if it were not, and the tunnel counted. The encapsulations are written
// by test/helpers/tunnel-writer.ts from their specs; when tshark is installed the same files are
// checked against its reading (it must see the same WebSocket frames through the same layers).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, CaptureSession } from '../../../src/decoder/index.js';
import { text } from '../../helpers/frame-writer.js';
import { hex, linkFrame, type PcapRecordSpec, TcpConversation, writePcap } from '../../helpers/pcap-writer.js';
import {
  erspan2,
  ethernet,
  geneve,
  gre,
  gtpu,
  mplsStack,
  outerIpv4,
  pppoe,
  udp,
  vxlan,
} from '../../helpers/tunnel-writer.js';
import { clientFrame, serverFrame, switchingProtocols, upgradeRequest } from '../../helpers/ws-capture.js';

/** One WebSocket connection (upgrade, a text each way, FINs) as raw IPv4 (or IPv6) packets. */
function innerPackets(v6 = false): PcapRecordSpec[] {
  const c = v6
    ? new TcpConversation({ client: ['2001:db8::1', 40000], server: ['2001:db8::2', 8080], link: 'ipv6' })
    : new TcpConversation({ client: ['10.1.0.1', 40000], server: ['10.2.0.2', 8080], link: 'ipv4' });
  c.handshake();
  c.send('client', upgradeRequest());
  c.send('server', switchingProtocols());
  c.send('client', clientFrame({ opcode: 1, payload: text('ping through the tunnel') }));
  c.send('server', serverFrame({ opcode: 1, payload: text('pong') }));
  c.close('client');
  return c.records;
}

const innerEthernet = (ip: Uint8Array) => ethernet(0x0800, ip);

const TUNNELS: Record<string, { wrap: (ip: Uint8Array) => Uint8Array; via: string; tshark: string; v6?: boolean }> = {
  'GTP-U (UDP 2152)': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(17, udp(2152, 2152, gtpu(ip)))),
    via: 'GTP-U',
    tshark: 'gtp',
  },
  'GTP-U with a sequence number': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(17, udp(2152, 2152, gtpu(ip, 9)))),
    via: 'GTP-U',
    tshark: 'gtp',
  },
  'VXLAN (UDP 4789)': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(17, udp(50000, 4789, vxlan(innerEthernet(ip))))),
    via: 'VXLAN',
    tshark: 'vxlan',
  },
  'GRE with a key (IP protocol 47)': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(47, gre(0x0800, ip))),
    via: 'GRE',
    tshark: 'gre',
  },
  'GRE bridging Ethernet (0x6558)': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(47, gre(0x6558, innerEthernet(ip)))),
    via: 'GRE',
    tshark: 'gre',
  },
  'ERSPAN type II': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(47, erspan2(innerEthernet(ip)))),
    via: 'ERSPAN',
    tshark: 'erspan',
  },
  'IP-in-IP (IP protocol 4)': { wrap: (ip) => ethernet(0x0800, outerIpv4(4, ip)), via: 'IP-in-IP', tshark: 'ip' },
  'MPLS, two labels (0x8847)': {
    wrap: (ip) => ethernet(0x8847, mplsStack([100, 200], ip)),
    via: 'MPLS',
    tshark: 'mpls',
  },
  'PPPoE session (0x8864)': { wrap: (ip) => ethernet(0x8864, pppoe(ip)), via: 'PPPoE', tshark: 'pppoes' },
  'MPLS inside GRE': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(47, gre(0x8847, mplsStack([16], ip)))),
    via: 'GRE',
    tshark: 'mpls',
  },
  'Geneve (UDP 6081)': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(17, udp(50000, 6081, geneve(innerEthernet(ip))))),
    via: 'Geneve',
    tshark: 'geneve',
  },
  'IPv6 in IPv4 (IP protocol 41)': {
    wrap: (ip) => ethernet(0x0800, outerIpv4(41, ip)),
    via: 'IPv6-in-IP',
    tshark: 'ipv6',
    v6: true,
  },
  'QinQ (802.1ad + 802.1Q)': { wrap: (ip) => linkFrame('vlan', ip, 4, { vlans: [100, 200] }), via: '', tshark: 'vlan' },
};

const hasTshark = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'wsscope-tunnels-'));

describe('tunnels are opened the way Wireshark opens them', () => {
  for (const [name, t] of Object.entries(TUNNELS)) {
    it(name, () => {
      const records = innerPackets(t.v6).map((r) => ({ ...r, data: t.wrap(r.data) }));
      const file = writePcap(records);
      const a = analyzeCapture(file);
      const ws = a.connections.filter((c) => c.kind === 'websocket');
      expect(ws.map((c) => `${c.client.address}:${c.client.port} → ${c.server.address}:${c.server.port}`)).toEqual([
        t.v6 ? '2001:db8::1:40000 → 2001:db8::2:8080' : '10.1.0.1:40000 → 10.2.0.2:8080',
      ]);
      expect(a.messages.map((m) => m.text)).toEqual(['ping through the tunnel', 'pong']);
      const s = new CaptureSession();
      s.push(file);
      s.end();
      const p = s.progress();
      if (t.via) expect(p.decapsulated).toEqual([{ what: t.via, packets: records.length }]);
      expect(p.skipped).toEqual([]);
      if (!hasTshark) return;
      const path = join(dir, `${name.replace(/\W+/g, '-')}.pcap`);
      writeFileSync(path, file);
      const r = spawnSync(
        'tshark',
        ['-r', path, '-Y', 'websocket', '-T', 'fields', '-e', 'frame.protocols', '-e', 'websocket.payload.text'],
        { encoding: 'utf8' },
      );
      const lines = r.stdout.trim().split('\n');
      // tshark sees the two text frames, through the same encapsulation.
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(line.split(':')).toContain(t.tshark);
    });
  }
});

describe('packets not decoded are counted', () => {
  it('GTP-U signalling, ESP and L2TP are opaque; plain UDP is just skipped', () => {
    const echo = Uint8Array.of(0x32, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00); // GTP echo request
    const records = [
      ethernet(0x0800, outerIpv4(17, udp(2152, 2152, echo))),
      ethernet(0x0800, outerIpv4(50, hex('00 00 10 01 00 00 00 01 de ad be ef'))),
      ethernet(0x0800, outerIpv4(50, hex('00 00 10 01 00 00 00 02 de ad be ef'))),
      ethernet(0x0800, outerIpv4(17, udp(1701, 1701, hex('c8 02 00 0c 00 01 00 01 00 00 00 00')))),
      ethernet(0x0800, outerIpv4(17, udp(5353, 53, hex('12 34 01 00 00 01 00 00 00 00 00 00')))),
    ].map((data) => ({ data }));
    const s = new CaptureSession();
    s.push(writePcap(records));
    s.end();
    expect(s.progress().skipped).toEqual([
      { what: 'GTP-U signalling', packets: 1, opaque: false },
      { what: 'esp', packets: 2, opaque: true },
      { what: 'L2TP', packets: 1, opaque: true },
      { what: 'udp', packets: 1, opaque: false },
    ]);
  });
});
