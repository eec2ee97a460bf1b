// capture.openDialog: the path comes from the native dialog main shows, never from the renderer.

import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';
import { openCapture } from './open-capture.js';

export async function openFileDialog(ctx: MainContext): Promise<StreamInfo | null> {
  const path = await ctx.dialogs.chooseCapture();
  return path === null ? null : openCapture(ctx, path);
}
