import { describe, expect, it } from 'vitest';
import { captureFromArgv, linkFromArgv, sampleCapturePath } from '../../src/main/argv.js';

describe('captureFromArgv', () => {
  it('skips the executable and the app path when run as `electron <app> file`', () => {
    expect(captureFromArgv(['/usr/bin/electron', '/repo', 'caps/a.pcap'], { defaultApp: true, cwd: '/home/u' })).toBe(
      '/home/u/caps/a.pcap',
    );
  });

  it('skips only the executable in a packaged app', () => {
    expect(captureFromArgv(['/opt/wsscope/wsscope', '/data/b.pcapng'], { defaultApp: false, cwd: '/' })).toBe(
      '/data/b.pcapng',
    );
  });

  it('ignores Chromium switches and the macOS process serial number', () => {
    const argv = ['/app', '--no-sandbox', '-psn_0_12345', '--enable-logging', 'x.pcap'];
    expect(captureFromArgv(argv, { defaultApp: false, cwd: '/w' })).toBe('/w/x.pcap');
  });

  it('takes a file named like an option after --', () => {
    expect(captureFromArgv(['/app', '--', '-odd.pcap'], { defaultApp: false, cwd: '/w' })).toBe('/w/-odd.pcap');
  });

  it('returns null when no file is given', () => {
    expect(captureFromArgv(['/usr/bin/electron', '/repo'], { defaultApp: true, cwd: '/' })).toBeNull();
    expect(captureFromArgv(['/app', '--inspect'], { defaultApp: false, cwd: '/' })).toBeNull();
  });
});

describe('linkFromArgv', () => {
  // Linux and Windows start the app (or a second instance) with a clicked link as its argument.
  const link = 'wsscope://open?file=%2Fdata%2Fa.pcap&conn=3';

  it('returns a wsscope:// link, which is then not taken for a file name', () => {
    const argv = ['/opt/wsscope/wsscope', '--no-sandbox', link];
    expect(linkFromArgv(argv, { defaultApp: false, cwd: '/w' })).toBe(link);
    expect(captureFromArgv(argv, { defaultApp: false, cwd: '/w' })).toBeNull();
  });

  it('returns null for a plain file argument or none', () => {
    expect(linkFromArgv(['/app', 'x.pcap'], { defaultApp: false, cwd: '/w' })).toBeNull();
    expect(linkFromArgv(['/usr/bin/electron', '/repo'], { defaultApp: true, cwd: '/' })).toBeNull();
  });
});

describe('sampleCapturePath', () => {
  it('is fixtures/sample.pcap under the app root', () => {
    expect(sampleCapturePath('/home/u/wsscope')).toBe('/home/u/wsscope/fixtures/sample.pcap');
  });

  it('is in app.asar.unpacked in a packaged app', () => {
    expect(sampleCapturePath('/opt/wsscope/resources/app.asar')).toBe(
      '/opt/wsscope/resources/app.asar.unpacked/fixtures/sample.pcap',
    );
  });
});
