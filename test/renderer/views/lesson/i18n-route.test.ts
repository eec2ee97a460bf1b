// The dictionary (every English key has a Chinese text, placeholders kept), the language
// choice, the lesson's URL, and the RFC quotes (MUST/SHOULD found as the RFC writes them).

import { describe, expect, it } from 'vitest';
import { en } from '../../../../src/renderer/i18n/en.js';
import { getLang, parseLang, setLang, t } from '../../../../src/renderer/i18n/index.js';
import { zhCN } from '../../../../src/renderer/i18n/zh-CN.js';
import { rfcParts } from '../../../../src/renderer/views/lesson/rfc/rfc-parts.js';
import { FINDING_QUOTE, RFC } from '../../../../src/renderer/views/lesson/rfc/rfc-text.js';
import { parseRoute, routeSearch } from '../../../../src/renderer/views/lesson/route.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionary', () => {
  it('gives every key in Chinese with the same placeholders, and not the English text', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zhCN[key], key).toBeTruthy();
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => zhCN[k] === en[k]);
    // only words that are protocol tokens on the wire stay the same
    expect(
      same.every((k) => /^(outline\.(tcp|accept|response|lifecycle)|lesson\.keys)$/.test(k) || !/[a-z]{4}/.test(en[k])),
    ).toBe(true);
  });

  it('fills placeholders and switches language', () => {
    expect(t('step.findings.title', { count: 3 }, 'en')).toBe('What went wrong here (3)');
    expect(t('step.findings.title', { count: 3 }, 'zh-CN')).toBe('这里出了什么问题（3）');
    const before = getLang();
    setLang('zh-CN');
    expect(t('lesson.next')).toBe('下一步');
    setLang('en');
    expect(t('lesson.next')).toBe('Next');
    setLang(before);
  });

  it('reads ?lang= values', () => {
    expect(parseLang('zh-CN')).toBe('zh-CN');
    expect(parseLang('zh')).toBe('zh-CN');
    expect(parseLang('zh-Hans-CN')).toBe('zh-CN');
    expect(parseLang('en-GB')).toBe('en');
    expect(parseLang('fr')).toBeNull();
  });
});

describe('lesson URL', () => {
  it('reads ?lesson, ?lesson=ID&step=N and ?sandbox=', () => {
    expect(parseRoute('?lesson')).toEqual({ kind: 'lesson', connectionId: null, step: 1 });
    expect(parseRoute('?lesson=3&step=4&lang=zh-CN')).toEqual({ kind: 'lesson', connectionId: 3, step: 4 });
    expect(parseRoute('?lesson=x&step=-2')).toEqual({ kind: 'lesson', connectionId: null, step: 1 });
    expect(parseRoute('?sandbox=builder')).toEqual({ kind: 'sandbox', which: 'builder', from: null });
    expect(parseRoute('?sandbox=nope')).toBeNull();
    expect(parseRoute('?lang=en')).toBeNull();
  });

  it('writes the step and keeps other parameters', () => {
    expect(routeSearch('?lang=zh-CN', { kind: 'lesson', connectionId: 2, step: 5 })).toBe(
      '?lang=zh-CN&lesson=2&step=5',
    );
    expect(routeSearch('?lesson=2&step=5&lang=en', null)).toBe('?lang=en');
    expect(routeSearch('', { kind: 'sandbox', which: 'accept', from: null })).toBe('?sandbox=accept');
  });
});

describe('RFC quotes', () => {
  it('marks RFC 2119 keywords only in capitals, MUST NOT as one', () => {
    const parts = rfcParts(RFC.serverNoMask.text);
    expect(parts.filter((p) => p.kind === 'keyword').map((p) => p.text)).toEqual(['MUST NOT', 'MUST']);
    expect(rfcParts('a client must mask').every((p) => p.kind === 'text')).toBe(true);
    expect(rfcParts(RFC.key.text).some((p) => p.kind === 'header' && p.text === 'Sec-WebSocket-Key')).toBe(true);
  });

  it('cites an RFC 6455 or 7692 section for every protocol finding', () => {
    for (const [code, id] of Object.entries(FINDING_QUOTE)) {
      expect(RFC[id!], code).toBeDefined();
      expect(['6455', '7692']).toContain(RFC[id!].doc);
    }
  });
});
