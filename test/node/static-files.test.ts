// Which file a UI URL names, for both shells: inside dist/ui or refused, and a missing UI says how to build it.

import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateUiFile, resolveUiPath } from '../../src/node/static-files.js';
import { makeUiDir, type UiFixture } from '../server/helpers.js';

describe('resolveUiPath', () => {
  it('maps URL paths into the UI directory and refuses ways out', () => {
    expect(resolveUiPath('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(resolveUiPath('/srv/ui', '/assets/a%20b.js')).toBe('/srv/ui/assets/a b.js');
    expect(resolveUiPath('/srv/ui', '/../etc/passwd')).toBe('/srv/ui/etc/passwd'); // normalized inside
    expect(resolveUiPath('/srv/ui', '/a%5c..%5c..%5cetc')).toBe(403); // backslashes
    expect(resolveUiPath('/srv/ui', '/a%00')).toBe(403);
    expect(resolveUiPath('/srv/ui', '/%E0%A4%A')).toBe(400); // broken percent-encoding
  });
});

describe('locateUiFile', () => {
  let ui: UiFixture;
  beforeAll(async () => {
    ui = await makeUiDir();
  });
  afterAll(async () => {
    await ui.cleanup();
  });

  it('finds index.html for / with its size and type', async () => {
    const file = await locateUiFile(ui.uiDir, '/');
    expect(file).toEqual({
      status: 200,
      path: await realpath(join(ui.uiDir, 'index.html')),
      size: '<!doctype html><title>wsscope</title>'.length,
      contentType: 'text/html; charset=utf-8',
    });
  });

  it('refuses a symlink out of the UI directory and answers 404 for a directory or a missing file', async () => {
    expect((await locateUiFile(ui.uiDir, '/link-to-secret.txt')).status).toBe(403);
    expect((await locateUiFile(ui.uiDir, '/assets')).status).toBe(404);
    expect(await locateUiFile(ui.uiDir, '/missing.js')).toEqual({ status: 404, message: 'not found' });
  });

  it('answers 503 with the build command when index.html is missing', async () => {
    const file = await locateUiFile('/nonexistent/wsscope-ui', '/index.html');
    expect(file).toEqual({
      status: 503,
      message: 'wsscope: the UI is not built (/nonexistent/wsscope-ui/index.html is missing); run: npm run build:ui',
    });
  });
});
