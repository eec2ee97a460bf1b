// live.start: start capturing one TCP port on one interface (default loopback).

import { parseLiveOptions } from '../../../node/validate.js';
import type { StreamInfo } from '../../../shared/api.js';
import type { MainContext } from '../context.js';

export async function startLiveCapture(ctx: MainContext, options: unknown): Promise<StreamInfo> {
  return ctx.streams.startLive(parseLiveOptions(options), ctx.startLiveCapture);
}
