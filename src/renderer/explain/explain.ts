// The explanation panel's content for a selected field, finding or header: a title, the RFC
// section, the value on screen, and the plain-words texts of explain/*.ts. Pure, so tests read
// it without rendering. Every text carries its translation key (`key`): the panel shows English
// until the app's i18n (src/renderer/i18n) has the key.

import { FINDINGS, type FindingSpec, fieldDef } from '../../decoder/index.js';
import type { ExplainTarget } from '../model/view-state.js';
import { FIELD_TEXTS, fieldKey } from './fields.js';
import { FINDING_WHY, findingKey, GROUP_WHY } from './findings.js';
import { HEADER_TEXTS, headerKey } from './headers.js';

export interface Explanation {
  title: string;
  rfc: string | null;
  /** The value as on screen ("1 (text)", the finding's sentence, the header's value). */
  value: string;
  /** Plain-words paragraphs, each with its translation key. */
  texts: { key: string; text: string }[];
}

export function explanationOf(target: ExplainTarget): Explanation {
  switch (target.kind) {
    case 'field': {
      const def = fieldDef(target.key);
      return {
        title: def.name,
        rfc: def.rfc,
        value: target.display,
        texts: [
          { key: `field.${target.key}.blurb`, text: capitalise(def.blurb) + '.' },
          { key: fieldKey(target.key), text: FIELD_TEXTS[target.key] },
        ],
      };
    }
    case 'finding': {
      const spec: FindingSpec = FINDINGS[target.code];
      const why = FINDING_WHY[target.code];
      const texts = [{ key: `finding.${target.code}.summary`, text: capitalise(spec.summary) + '.' }];
      if (why) texts.push({ key: findingKey(target.code), text: why });
      else texts.push({ key: `explain.group.${spec.group}`, text: GROUP_WHY[spec.group] });
      if (spec.closeCode != null) {
        texts.push({
          key: 'explain.finding.close-code',
          text: `A compliant endpoint closes the connection with code ${spec.closeCode} (RFC 6455 §7.4.1).`,
        });
      }
      return {
        title: `${target.code} (${spec.severity})`,
        rfc: spec.rfc ? `RFC ${spec.rfc}` : null,
        value: target.message,
        texts,
      };
    }
    case 'header': {
      const doc = HEADER_TEXTS[target.name.toLowerCase()];
      return {
        title: target.name,
        rfc: doc?.rfc ?? null,
        value: target.value,
        texts: doc
          ? [{ key: headerKey(target.name), text: doc.text }]
          : [
              {
                key: 'explain.header.other',
                text: 'An HTTP header with no special meaning for the WebSocket handshake.',
              },
            ],
      };
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
