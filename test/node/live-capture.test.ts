// The live-capture module's pure parts: finding the tool, the command line it runs, and the
// advice it gives. (Capturing itself is tested end to end in test/cli/capture.test.ts.)

import { describe, expect, it } from 'vitest';
import {
  captureCommand,
  findExecutable,
  installHint,
  LiveCaptureError,
  permissionHint,
  startLiveCapture,
} from '../../src/node/live-capture.js';

describe('live capture', () => {
  it('finds executables on PATH and not missing ones', () => {
    expect(findExecutable('sh', '/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(findExecutable('no-such-capture-tool-xyz', '/bin')).toBeNull();
  });

  it('runs tcpdump packet-buffered in immediate mode, writing pcap to stdout with a port filter', () => {
    expect(captureCommand('tcpdump', 'lo', 8080)).toEqual([
      '-i',
      'lo',
      '-U',
      '--immediate-mode',
      '-w',
      '-',
      'tcp port 8080',
    ]);
    expect(captureCommand('dumpcap', 'eth0', 443)).toEqual(['-i', 'eth0', '-f', 'tcp port 443', '-w', '-', '-q']);
  });

  it('explains how to install a tool and how to get the right to capture', () => {
    expect(installHint()).toContain('sudo apt-get install tcpdump');
    expect(installHint('dumpcap')).toContain('wireshark');
    expect(permissionHint('tcpdump', 'lo')).toContain('setcap cap_net_raw,cap_net_admin=eip');
    expect(permissionHint('dumpcap', 'lo')).toContain('wireshark group');
  });

  it('refuses bad ports and interface names before starting anything', () => {
    const noop = { onBytes() {}, onError() {} };
    expect(() => startLiveCapture({ port: 0, ...noop })).toThrow(LiveCaptureError);
    expect(() => startLiveCapture({ port: 70000, ...noop })).toThrow(/invalid port 70000/);
    expect(() => startLiveCapture({ port: 80, iface: '-w /etc/passwd', ...noop })).toThrow(/invalid interface name/);
  });
});
