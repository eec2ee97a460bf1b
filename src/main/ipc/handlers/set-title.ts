// window.setTitle: the renderer names what it shows; main cleans the string first.

import { parseTitle } from '../../../node/validate.js';
import type { MainContext } from '../context.js';
import { APP_NAME } from './open-capture.js';

export function setTitle(ctx: MainContext, title: unknown): void {
  const clean = parseTitle(title).trim();
  ctx.setTitle(clean.length > 0 ? clean : APP_NAME);
}
