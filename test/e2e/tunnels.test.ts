// The app on a capture whose WebSocket connection travels inside GTP-U, with two ESP packets it
// cannot open: the connection is listed and decoded, and a note says what was seen through
// tunnels and what was not decoded (issue 14 point 3). Screenshot in test-results/screenshots/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { text } from '../helpers/frame-writer.js';
import { hex, TcpConversation, writePcap } from '../helpers/pcap-writer.js';
import { ethernet, gtpu, outerIpv4, udp } from '../helpers/tunnel-writer.js';
import { clientFrame, serverFrame, switchingProtocols, upgradeRequest } from '../helpers/ws-capture.js';
import { hasChromium, pageErrors, servedApp, shot } from './browser.js';

function tunnelCapture(): string {
  const c = new TcpConversation({ client: ['10.1.0.1', 40000], server: ['10.2.0.2', 8080], link: 'ipv4' });
  c.handshake();
  c.send('client', upgradeRequest());
  c.send('server', switchingProtocols());
  c.send('client', clientFrame({ opcode: 1, payload: text('hello from a phone') }));
  c.send('server', serverFrame({ opcode: 1, payload: text('hello from the core') }));
  c.close('client');
  const records = c.records.map((r) => ({
    ...r,
    data: ethernet(0x0800, outerIpv4(17, udp(2152, 2152, gtpu(r.data)))),
  }));
  for (const n of [1, 2])
    records.push({ data: ethernet(0x0800, outerIpv4(50, hex(`00 00 10 01 00 00 00 0${n} de ad`))) });
  const path = join(mkdtempSync(join(tmpdir(), 'wsscope-tunnel-ui-')), 'gtp.pcap');
  writeFileSync(path, writePcap(records));
  return path;
}

describe.skipIf(!hasChromium)('tunnels in the app', () => {
  const app = servedApp();

  // 10 TCP packets: SYN, SYN-ACK, ACK, the upgrade, the 101, two frames, FIN, FIN, ACK.
  it('lists the connection found inside GTP-U and notes the packets not decoded', async () => {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await page.getByTestId('shell-mode').filter({ hasText: 'server' }).waitFor();
    await page.getByTestId('file-input').setInputFiles(tunnelCapture());
    await page.locator('.conn').first().waitFor();
    const note = page.getByTestId('packets-note');
    await note.waitFor();
    expect(await note.textContent()).toBe(
      'TCP packets decoded inside tunnels: 10 GTP-U. Packets not decoded (they may carry TCP): 2 esp.',
    );
    await expect.poll(() => page.locator('.grid-row').count()).toBe(2);
    await shot(page, 'tunnels-gtp-u');
    expect(pageErrors(page)).toEqual([]);
  });
});
