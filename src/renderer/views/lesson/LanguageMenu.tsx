// The language menu: English or Simplified Chinese, remembered (i18n/index.ts).

import { getLang, LANGS, type Lang, setLang, t, useLang } from '../../i18n/index.js';

export function LanguageMenu() {
  useLang();
  return (
    <label className="lang-menu">
      <select
        aria-label={t('lang.label')}
        value={getLang()}
        onChange={(e) => setLang(e.target.value as Lang)}
        data-testid="lang-menu"
      >
        {LANGS.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
