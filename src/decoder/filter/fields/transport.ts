// Fields of the capture, IP and TCP layers, with Wireshark's names. A WebSocket record is read
// as the packets that carried it: its ip.src is its sender's address, its tcp.dstport its
// receiver's port; a connection is read as all its packets (ip.src: the client's address, as
// the SYN has it).

import type { ConnectionRecord, Direction, Endpoint } from '../../records.js';
import type { FieldLayer, FieldValue, FilterFieldDef } from '../field-def.js';

const isV6 = (e: Endpoint): boolean => e.address.includes(':');
/** A connection read from a HAR file has no addresses (empty text): absent, never invented. */
const known = (e: Endpoint): boolean => e.address !== '';

function sender(c: ConnectionRecord, d: Direction | null): Endpoint {
  return d === 'server' ? c.server : c.client;
}
function receiver(c: ConnectionRecord, d: Direction | null): Endpoint {
  return d === 'server' ? c.client : c.server;
}

function addrOf(e: Endpoint, v6: boolean): FieldValue {
  return known(e) && isV6(e) === v6 ? e.address : null;
}

/** ip.src / ip.dst (and ipv6.*): one endpoint chosen by the record's direction. */
function addressField(name: string, v6: boolean, pick: typeof sender, blurb: string): FilterFieldDef {
  return {
    name,
    type: v6 ? 'ipv6' : 'ipv4',
    blurb,
    connection: (c) => addrOf(pick(c, 'client'), v6),
    side: (c, d) => addrOf(pick(c, d), v6),
  };
}

function portField(name: string, pick: typeof sender, blurb: string): FilterFieldDef {
  return {
    name,
    type: 'uint',
    blurb,
    connection: (c) => port(pick(c, 'client')),
    side: (c, d) => port(pick(c, d)),
  };
}

const port = (e: Endpoint): FieldValue => (e.port > 0 ? e.port : null);

function both(c: ConnectionRecord, read: (e: Endpoint) => FieldValue): FieldValue {
  const a = read(c.client);
  const b = read(c.server);
  if (a === null) return b;
  if (b === null) return a;
  return [a as string | number, b as string | number];
}

export const FRAME_LAYER: FieldLayer = {
  protocol: 'frame',
  title: 'capture records (Wireshark "frame": packets in the capture file)',
  fields: [
    {
      name: 'frame.number',
      type: 'uint',
      blurb: 'number of a capture record (packet) carrying the record, from 1 as Wireshark numbers them',
      frame: (f) => f.packets(),
      finding: (x) => x.finding().packet,
    },
    {
      name: 'frame.time_epoch',
      type: 'time',
      blurb: 'time in seconds since the epoch (a frame: the packet that completed it; a message: its last frame)',
      connection: (c) => c.firstTime,
      message: (m) => m.time(),
      frame: (f) => f.time(),
      finding: (x) => x.finding().time,
    },
    {
      name: 'frame.time_relative',
      type: 'time',
      blurb: 'seconds since the first packet of the capture',
      connection: (c, env) => c.firstTime - env.origin,
      message: (m, env) => m.time() - env.origin,
      frame: (f, env) => f.time() - env.origin,
      finding: (x, env) => {
        const t = x.finding().time;
        return t === null ? null : t - env.origin;
      },
    },
  ],
};

export const IP_LAYER: FieldLayer = {
  protocol: 'ip',
  title: 'IPv4 and IPv6 addresses (compare with an address or a CIDR block: ip.addr == 10.0.0.0/8)',
  fields: [
    { name: 'ip', type: 'protocol', blurb: 'IPv4', connection: (c) => (known(c.client) && !isV6(c.client)) || null },
    {
      name: 'ipv6',
      type: 'protocol',
      blurb: 'IPv6',
      connection: (c) => (known(c.client) && isV6(c.client)) || null,
    },
    {
      name: 'ip.addr',
      type: 'ipv4',
      blurb: 'source or destination IPv4 address',
      connection: (c) => both(c, (e) => addrOf(e, false)),
    },
    addressField('ip.src', false, sender, 'IPv4 address of the sender'),
    addressField('ip.dst', false, receiver, 'IPv4 address of the receiver'),
    {
      name: 'ipv6.addr',
      type: 'ipv6',
      blurb: 'source or destination IPv6 address',
      connection: (c) => both(c, (e) => addrOf(e, true)),
    },
    addressField('ipv6.src', true, sender, 'IPv6 address of the sender'),
    addressField('ipv6.dst', true, receiver, 'IPv6 address of the receiver'),
  ],
};

export const TCP_LAYER: FieldLayer = {
  protocol: 'tcp',
  title: 'TCP',
  fields: [
    { name: 'tcp', type: 'protocol', blurb: 'TCP', connection: (c) => c.client.port > 0 || null },
    { name: 'tcp.port', type: 'uint', blurb: 'source or destination TCP port', connection: (c) => both(c, port) },
    portField('tcp.srcport', sender, 'TCP port of the sender'),
    portField('tcp.dstport', receiver, 'TCP port of the receiver'),
    {
      name: 'tcp.stream',
      type: 'uint',
      blurb: "Wireshark's TCP stream index: the connection's number from 0 (ws.connection - 1)",
      connection: (c) => (c.synSeen || c.client.port > 0 ? c.id - 1 : null),
    },
  ],
};
