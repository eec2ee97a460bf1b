import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, RFC6455_URL } from '../../src/main/external-links.js';

describe('external links', () => {
  it('allows https documentation links and nothing else', () => {
    expect(isAllowedExternalUrl(RFC6455_URL)).toBe(true);
    expect(isAllowedExternalUrl('https://www.rfc-editor.org/rfc/rfc6455#section-5.2')).toBe(true);
    expect(isAllowedExternalUrl('https://developer.mozilla.org/en-US/docs/Web/API/WebSocket')).toBe(true);
    expect(isAllowedExternalUrl('http://www.rfc-editor.org/rfc/rfc6455')).toBe(false);
    expect(isAllowedExternalUrl('https://www.rfc-editor.org.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user@www.rfc-editor.org/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});
