// Finding codes on frame and message records, without an array per record when there are none.

import type { FindingCode } from '../findings.js';

/**
 * Records without findings share this frozen empty list (most records: one array fewer each);
 * add to a record's findings with withCode().
 */
export const NO_CODES = Object.freeze([]) as unknown as FindingCode[];

export function withCode(codes: readonly FindingCode[], code: FindingCode): FindingCode[] {
  return [...codes, code];
}

/** The codes of a list of problems (NO_CODES when there are none). */
export function codesOf(problems: readonly { code: FindingCode }[]): FindingCode[] {
  if (problems.length === 0) return NO_CODES;
  const out: FindingCode[] = [];
  for (let i = 0; i < problems.length; i++) out.push((problems[i] as { code: FindingCode }).code);
  return out;
}
