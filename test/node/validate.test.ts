import { describe, expect, it } from 'vitest';
import {
  defaultInterface,
  hasCaptureExtension,
  parseLiveOptions,
  parsePathArgument,
  parseStreamId,
  parseTitle,
} from '../../src/node/validate.js';

describe('parseLiveOptions', () => {
  it('accepts a port and an interface, defaulting to the loopback interface', () => {
    expect(parseLiveOptions({ port: 8080 }, 'linux')).toEqual({ port: 8080, iface: 'lo' });
    expect(parseLiveOptions({ port: 8080 }, 'darwin')).toEqual({ port: 8080, iface: 'lo0' });
    expect(parseLiveOptions({ port: 1, interface: 'eth0' })).toEqual({ port: 1, iface: 'eth0' });
    expect(parseLiveOptions({ port: 65535, interface: 'br-1a2b.10' })).toEqual({ port: 65535, iface: 'br-1a2b.10' });
  });

  it.each([
    [null, 'invalid live capture options null; expected {port, interface?}'],
    ['8080', 'invalid live capture options "8080"; expected {port, interface?}'],
    [{}, 'invalid port undefined; expected an integer 1-65535'],
    [{ port: 80.5 }, 'invalid port 80.5; expected an integer 1-65535'],
    [{ port: -1 }, 'invalid port -1; expected an integer 1-65535'],
    [{ port: 80, interface: '' }, 'invalid interface ""; expected a name like "lo" or "eth0"'],
    [{ port: 80, interface: '--help' }, 'invalid interface "--help"; expected a name like "lo" or "eth0"'],
    [{ port: 80, interface: 'lo; rm -rf /' }, 'invalid interface "lo; rm -rf /"; expected a name like "lo" or "eth0"'],
    [{ port: 80, interface: 7 }, 'invalid interface 7; expected a name like "lo" or "eth0"'],
  ])('rejects %j', (value, message) => {
    expect(() => parseLiveOptions(value, 'linux')).toThrow(message);
  });

  it('knows the loopback name per platform', () => {
    expect(defaultInterface('linux')).toBe('lo');
    expect(defaultInterface('darwin')).toBe('lo0');
    expect(defaultInterface('freebsd')).toBe('lo0');
  });
});

describe('other arguments', () => {
  it('accepts only UUID-shaped stream ids', () => {
    expect(parseStreamId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(() => parseStreamId('../etc/passwd')).toThrow('invalid stream id "../etc/passwd"');
    expect(() => parseStreamId(42)).toThrow('invalid stream id 42');
  });

  it('accepts path strings without NUL bytes', () => {
    expect(parsePathArgument('/a/b.pcap')).toBe('/a/b.pcap');
    expect(() => parsePathArgument('')).toThrow('invalid path ""');
    expect(() => parsePathArgument('/a\0b')).toThrow('invalid path');
    expect(() => parsePathArgument({ path: '/a' })).toThrow('invalid path object');
  });

  it('knows capture extensions, in any case', () => {
    expect(['a.pcap', 'b.PCAPNG', 'c.cap'].map(hasCaptureExtension)).toEqual([true, true, true]);
    expect(['id_rsa', 'a.pcap.txt', 'pcap'].map(hasCaptureExtension)).toEqual([false, false, false]);
  });

  it('cleans window titles', () => {
    expect(parseTitle('a.pcap — wsscope')).toBe('a.pcap — wsscope');
    expect(parseTitle('a\nb\u0007c')).toBe('a b c');
    expect(parseTitle('x'.repeat(500)).length).toBe(200);
    expect(() => parseTitle(null)).toThrow('invalid title null');
  });
});
