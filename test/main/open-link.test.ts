// wsscope://open links (src/main/open-link.ts): the file and the deep link they name, and a one-line
// reason for anything else. The file is only parsed here; shell.test.ts checks it is then vetted.

import { describe, expect, it } from 'vitest';
import { isOpenLink, parseOpenLink } from '../../src/main/open-link.js';

describe('parseOpenLink', () => {
  it('reads the file and the same parameters as the browser-mode hash', () => {
    expect(
      parseOpenLink(
        'wsscope://open?file=%2Fhome%2Fme%2Fchat%20log.pcap&conn=3&frame=120&field=websocket.opcode&filter=ws.message.text%20contains%20%22err%22',
      ),
    ).toEqual({
      file: '/home/me/chat log.pcap',
      link: { conn: 3, frame: 120, field: 'websocket.opcode', filter: 'ws.message.text contains "err"' },
    });
  });

  it('opens at the start when the link names only the file', () => {
    expect(parseOpenLink('wsscope://open/?file=/tmp/a.pcapng')).toEqual({
      file: '/tmp/a.pcapng',
      link: { conn: null, frame: null, field: null, filter: null },
    });
  });

  it('drops a malformed part of the deep link, not the link', () => {
    expect(parseOpenLink('wsscope://open?file=/tmp/a.pcap&conn=-1&frame=1e3&field=a%0Ab').link).toEqual({
      conn: null,
      frame: null,
      field: null,
      filter: null,
    });
  });

  it.each([
    [
      'another scheme',
      'https://example.com/?file=/tmp/a.pcap',
      'not a wsscope link: https://example.com/?file=/tmp/a.pcap',
    ],
    ['another action', 'wsscope://delete?file=/tmp/a.pcap', 'not a wsscope link: wsscope://delete?file=/tmp/a.pcap'],
    ['no file', 'wsscope://open?conn=3', 'the link names no capture: wsscope://open?conn=3'],
    ['an empty file', 'wsscope://open?file=', 'the link names no capture'],
    ['a bare scheme', 'wsscope:', 'not a wsscope link'],
    ['a huge link', `wsscope://open?file=/a.pcap&filter=${'x'.repeat(20000)}`, 'link too long (20035 characters)'],
  ])('refuses %s', (_what, url, message) => {
    expect(() => parseOpenLink(url)).toThrow(message);
  });
});

describe('isOpenLink', () => {
  it('tells a link from a file name, whatever the case of the scheme', () => {
    expect(isOpenLink('wsscope://open?file=/a.pcap')).toBe(true);
    expect(isOpenLink('WSSCOPE://open?file=/a.pcap')).toBe(true);
    expect(isOpenLink('/home/wsscope/a.pcap')).toBe(false);
    expect(isOpenLink('wsscope.pcap')).toBe(false);
  });
});
