// Finding codes by message id, for the ⚠ on each row of the messages table.
//
// Made again only when findings came: the table's selector also runs when a version brought only
// preview texts (every scroll step of a big table: model/held-ids.ts), and a hostile capture can
// hold a finding for most of its messages.

import type { Finding, FindingCode } from '../../../decoder/index.js';

export class FindingCodesCache {
  private list: readonly Finding[] | null = null;
  private length = -1;
  private byMessage = new Map<number, FindingCode[]>();

  /** `findings` grows only by appending (CaptureData.findings). */
  of(findings: readonly Finding[]): ReadonlyMap<number, FindingCode[]> {
    if (findings === this.list && findings.length === this.length) return this.byMessage;
    const byMessage = new Map<number, FindingCode[]>();
    for (const f of findings) {
      if (f.messageId == null) continue;
      const list = byMessage.get(f.messageId);
      if (list) list.push(f.code);
      else byMessage.set(f.messageId, [f.code]);
    }
    this.list = findings;
    this.length = findings.length;
    this.byMessage = byMessage;
    return byMessage;
  }
}
