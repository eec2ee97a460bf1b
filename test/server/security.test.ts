import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostIsLoopback, isLoopbackAddress, originIsOwn } from '../../src/server/security.js';

describe('DNS rebinding guard', () => {
  it.each([
    ['127.0.0.1:8080', true],
    ['localhost:8080', true],
    ['LOCALHOST:8080', true],
    ['[::1]:8080', true],
    ['127.1.2.3:8080', true],
    ['127.0.0.1:8081', false], // another port
    ['127.0.0.1', false], // port 80 implied
    ['evil.example:8080', false],
    ['127.0.0.1.evil.example:8080', false],
    ['', false],
  ])('Host %j is ours: %s', (host, expected) => {
    expect(hostIsLoopback(host, 8080)).toBe(expected);
  });

  it('has no Host header at all: not ours', () => {
    expect(hostIsLoopback(undefined, 8080)).toBe(false);
  });

  it('knows loopback bind addresses', () => {
    expect(['127.0.0.1', 'localhost', '::1'].map(isLoopbackAddress)).toEqual([true, true, true]);
    expect(['0.0.0.0', '192.168.1.2', '::'].map(isLoopbackAddress)).toEqual([false, false, false]);
  });
});

describe('same-origin check for POST', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it('accepts no Origin (curl) and our own origin; refuses others', () => {
    expect(originIsOwn(request({ host: '127.0.0.1:8080' }))).toBe(true);
    expect(originIsOwn(request({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' }))).toBe(true);
    expect(originIsOwn(request({ host: '127.0.0.1:8080', origin: 'http://evil.example' }))).toBe(false);
    expect(originIsOwn(request({ host: '127.0.0.1:8080', origin: 'null' }))).toBe(false);
  });
});
