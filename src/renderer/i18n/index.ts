// A tiny dictionary module for the UI's words: English and Simplified Chinese, no library.
//
//   import { t, useLang } from '../i18n/index.js';
//   function View() { useLang(); return <h2>{t('lesson.title', { id: 3 })}</h2>; }
//
// Rules
// - `en` (en.ts) is the source of keys: `MessageKey` is its key set, and zh-CN.ts must give every
//   key (the type checker says which are missing). Add keys in both files.
// - `{name}` in a string is replaced by vars.name. Protocol tokens (header names, opcodes, close
//   codes, MUST/SHOULD) are written as on the wire in every language.
// - The language comes from ?lang= in the URL, else the last choice (localStorage), else the
//   browser's language; setLang remembers the choice. Components that print t() call useLang()
//   so they re-render when the language changes.

import { useSyncExternalStore } from 'react';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type { MessageKey } from './en.js';
export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly { id: Lang; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'zh-CN', name: '简体中文' },
];

const DICTS: Record<Lang, Readonly<Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'wsscope.lang';

/** 'zh', 'zh-CN', 'zh-Hans-CN' → 'zh-CN'; anything else known → itself; unknown → null. */
export function parseLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  const v = value.toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v.startsWith('zh-')) return 'zh-CN';
  return null;
}

function initialLang(): Lang {
  try {
    const fromUrl = parseLang(new URLSearchParams(globalThis.location?.search ?? '').get('lang'));
    if (fromUrl) return fromUrl;
    const saved = parseLang(globalThis.localStorage?.getItem(STORAGE_KEY));
    if (saved) return saved;
  } catch {
    // no storage (file://, privacy mode): fall through
  }
  return parseLang(globalThis.navigator?.language) ?? 'en';
}

let current: Lang = initialLang();
if (globalThis.document) document.documentElement.lang = current;
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return current;
}

/** Switch language, remember it, and re-render every component that called useLang(). */
export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered; still switched
  }
  if (globalThis.document) document.documentElement.lang = lang;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language; the calling component re-renders when it changes. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, getLang);
}

/** The text of `key` in the current language (or `lang`), with {vars} filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>, lang: Lang = current): string {
  const text = DICTS[lang][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Whether a key exists (for keys built from data, e.g. a finding code or a field key). */
export function hasKey(key: string): key is MessageKey {
  return key in en;
}
