// Kind errors and completion: the nearest field name to a misspelt one, and the candidates the
// app's filter bar offers (field names by prefix; a field's named values).

import { FIELD_PROTOCOLS, filterField, filterFieldNames } from './registry.js';

/** Levenshtein distance, cut off above `max` (returns max + 1). */
export function editDistance(a: string, b: string, max = 4): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Why an unknown field name is refused, with the nearest known name when one is close. */
export function suggestField(name: string): { reason: string; hint: string | null } {
  const reason = `unknown field "${name}"`;
  const lower = name.toLowerCase();
  const names = filterFieldNames();
  if (names.includes(lower)) return { reason, hint: `field names are lower case: did you mean ${lower}?` };
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  for (const candidate of names) {
    const d = editDistance(lower, candidate, bestDistance);
    if (d < bestDistance || (d === bestDistance && best === null)) {
      best = candidate;
      bestDistance = d;
    }
  }
  // "websocket" alone, "tcp.flags": a protocol we know, a field we do not have.
  const protocol = lower.split('.')[0];
  if (best !== null) return { reason, hint: `did you mean ${best}?` };
  if (FIELD_PROTOCOLS.includes(protocol)) {
    const some = names.filter((n) => n.startsWith(`${protocol}.`)).slice(0, 4);
    return { reason, hint: `${protocol} fields include ${some.join(', ')} ('wsscope fields' lists them)` };
  }
  return { reason, hint: "'wsscope fields' lists the fields" };
}

/** Field names starting with `prefix` (all when empty), in declaration order. */
export function completeField(prefix: string): string[] {
  const p = prefix.toLowerCase();
  return filterFieldNames().filter((n) => n.startsWith(p));
}

/** Values offered after `field ==`: named numbers, a string field's values, true/false. */
export function completeValue(fieldName: string, prefix: string): string[] {
  const field = filterField(fieldName);
  if (!field) return [];
  const all =
    field.type === 'bool'
      ? ['true', 'false']
      : field.names
        ? Object.keys(field.names)
        : field.values
          ? field.values.map((v) => (/^[A-Za-z0-9_.-]+$/.test(v) ? v : JSON.stringify(v)))
          : [];
  const p = prefix.toLowerCase();
  return all.filter((v) => v.toLowerCase().startsWith(p));
}
