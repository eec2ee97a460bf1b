// @vitest-environment jsdom
// A payload cannot reorder or disguise the page (issue 15, point 7): its text is isolated in a
// <bdi>, and C1 and bidi controls show as visible marks, in the payload viewer and in row previews.

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { oneLine, visibleControls } from '../../../src/decoder/index.js';
import { PayloadViewer } from '../../../src/renderer/views/PayloadViewer.js';

afterEach(cleanup);

// "invoice_\u202Efdp.exe" displays as "invoice_exe.pdf" when the override is obeyed.
const SPOOF = 'invoice_\u202efdp.exe \u2066iso\u2069 csi\u009b31m';

describe('bidi and C1 controls in payloads', () => {
  it('marks them visibly and leaves other text alone', () => {
    expect(visibleControls(SPOOF)).toBe('invoice_‹U+202E›fdp.exe ‹U+2066›iso‹U+2069› csi‹U+009B›31m');
    expect(visibleControls('plain, ünïcödé, עברית, 日本')).toBe('plain, ünïcödé, עברית, 日本');
    expect(oneLine('a\u202eb\nc')).toBe('a‹U+202E›b⏎c');
  });

  it('the payload viewer isolates the text in a <bdi> and shows the marks', () => {
    const bytes = new TextEncoder().encode(SPOOF);
    render(<PayloadViewer payload={bytes} text={SPOOF} fullLength={bytes.length} cut={false} />);
    const pre = screen.getByTestId('payload-text');
    const bdi = pre.querySelector('bdi');
    expect(bdi).not.toBeNull();
    expect(bdi!.textContent).toBe('invoice_‹U+202E›fdp.exe ‹U+2066›iso‹U+2069› csi‹U+009B›31m');
    expect(pre.textContent).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
