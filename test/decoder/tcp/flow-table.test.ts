// FlowTable: one entry per 4-tuple, found from either direction.
import { describe, expect, it } from 'vitest';
import { endpointText, FlowTable } from '../../../src/decoder/tcp/flow-key.js';

const ep = (address: string, port: number) => ({ address, port });

describe('FlowTable', () => {
  it('finds an entry from both directions of the 4-tuple', () => {
    const t = new FlowTable<string>();
    t.set(ep('10.0.0.2', 50000), ep('10.0.0.1', 80), 'c1');
    expect(t.get(ep('10.0.0.2', 50000), ep('10.0.0.1', 80))).toBe('c1');
    expect(t.get(ep('10.0.0.1', 80), ep('10.0.0.2', 50000))).toBe('c1');
  });

  it('keeps tuples apart that differ only in one port, in which side a port is on, or in an address', () => {
    const t = new FlowTable<string>();
    t.set(ep('10.0.0.1', 1), ep('10.0.0.1', 2), 'same host 1-2');
    t.set(ep('10.0.0.1', 2), ep('10.0.0.1', 3), 'same host 2-3');
    t.set(ep('10.0.0.1', 80), ep('10.0.0.2', 443), 'a');
    t.set(ep('10.0.0.1', 443), ep('10.0.0.2', 80), 'b');
    t.set(ep('::1', 80), ep('::1', 443), 'v6');
    expect(t.get(ep('10.0.0.1', 2), ep('10.0.0.1', 1))).toBe('same host 1-2');
    expect(t.get(ep('10.0.0.1', 3), ep('10.0.0.1', 2))).toBe('same host 2-3');
    expect(t.get(ep('10.0.0.2', 443), ep('10.0.0.1', 80))).toBe('a');
    expect(t.get(ep('10.0.0.2', 80), ep('10.0.0.1', 443))).toBe('b');
    expect(t.get(ep('::1', 443), ep('::1', 80))).toBe('v6');
    expect(t.get(ep('10.0.0.1', 1), ep('10.0.0.1', 3))).toBeUndefined();
    expect([...t.values()].sort()).toEqual(['a', 'b', 'same host 1-2', 'same host 2-3', 'v6']);
  });

  it('replaces the value of a tuple in place', () => {
    const t = new FlowTable<number>();
    t.set(ep('192.168.1.1', 1000), ep('192.168.1.2', 2000), 1);
    t.set(ep('192.168.1.2', 2000), ep('192.168.1.1', 1000), 2);
    expect([...t.values()]).toEqual([2]);
  });
});

describe('endpointText', () => {
  it('writes IPv4 and bracketed IPv6, and says "(not recorded)" where the source had no address', () => {
    expect(endpointText({ address: '10.0.0.1', port: 443 })).toBe('10.0.0.1:443');
    expect(endpointText({ address: '::1', port: 8080 })).toBe('[::1]:8080');
    // A HAR: no client side at all; a server known only by its URL's port.
    expect(endpointText({ address: '', port: 0 })).toBe('(not recorded)');
    expect(endpointText({ address: '', port: 443 })).toBe('(not recorded):443');
  });
});
