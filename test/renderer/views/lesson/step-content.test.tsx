// Every lesson step of every WebSocket connection in a range of real captures (clean, rejected,
// wrong accept, protocol violations, mid-connection, damaged), every spotlight of it, rendered in
// English and in Chinese: none may throw, each has its title and RFC passage, and a step is shown
// only when the capture has what it draws.

import { renderToString } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { getLang, type Lang, setLang } from '../../../../src/renderer/i18n/index.js';
import { loadLesson } from '../../../../src/renderer/views/lesson/lesson-data.js';
import { jsString } from '../../../../src/renderer/views/lesson/steps/api.js';
import { contentOf } from '../../../../src/renderer/views/lesson/steps/content.js';
import { planSteps, shownSteps } from '../../../../src/renderer/views/lesson/steps.js';
import { decodeFixture } from '../../decoded.js';

const CAPTURES = [
  '../sample.pcap',
  '04_fragments_ping_pong_close_codes.pcap',
  '07a_neg_wrong_accept_lib_client.pcap',
  '07c_neg_rejected_401_426.pcap',
  '07d_neg_unmasked_client_frame.pcap',
  '07f_neg_reserved_opcode.pcap',
  '07h_neg_control_frame_too_long.pcap',
  '10e_tcp_lost_segment.pcap',
  '../captures/f_mid_connection.pcap',
  '../captures/i_violations.pcap',
  '../captures/i_snaplen_truncated.pcap',
  '../captures/lesson-fragmented-deflate.pcap',
];

const before = getLang();
afterAll(() => setLang(before));

describe.each(CAPTURES)('lesson steps of %s', (capture) => {
  it('render in English and Chinese, every spotlight, without throwing', async () => {
    const { engine, data } = await decodeFixture(capture);
    const source = {
      frameDetail: async (id: number) => engine.frameDetail(id, 1 << 16),
      messageDetail: async (id: number, max: number) => engine.messageDetail(id, max),
    };
    const connections = data.connectionList().filter((c) => c.kind !== 'tcp' && c.kind !== 'http');
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) {
      const lesson = (await loadLesson(source, data, c.id))!;
      const shown = shownSteps(planSteps(lesson));
      if (c.handshake?.request) expect(shown).toContain('request');
      if (lesson.findings.length > 0) expect(shown).toContain('findings');
      for (const lang of ['en', 'zh-CN'] as Lang[]) {
        setLang(lang);
        for (const id of shown) {
          const first = contentOf(id, lesson, 0, null);
          const subs = Math.min(first.subCount ?? 1, 24);
          for (let sub = 0; sub < subs; sub++) {
            const content = contentOf(id, lesson, sub, null);
            const html = renderToString(
              <>
                {content.caption}
                {content.visual}
                {content.browser}
              </>,
            );
            expect(content.title.length, `${c.id} ${id}`).toBeGreaterThan(0);
            expect(html.length).toBeGreaterThan(0);
            if (id !== 'findings') expect(content.rfc.length, `${c.id} ${id}`).toBeGreaterThan(0);
          }
        }
      }
    }
  });
});

describe('the page’s JavaScript', () => {
  it('quotes payloads as a person would type them', () => {
    expect(jsString('hello')).toBe('"hello"');
    expect(jsString('{"type": "hello"}')).toBe(`'{"type": "hello"}'`);
    expect(jsString(`it's "x"`)).toBe(JSON.stringify(`it's "x"`));
    expect(jsString('a\nb')).toBe('"a\\nb"');
    expect(jsString('x'.repeat(60))).toBe(`"${'x'.repeat(48)}…"`);
  });
});
