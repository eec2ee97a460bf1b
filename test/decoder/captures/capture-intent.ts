// The captures in fixtures/captures/ (fixtures/README.md): the shared `.intent.json` format
// (fixtures/shared/README.md) written by the generator scripts in fixtures/gen/, plus an `expect`
// block per connection and per capture saying what an analyzer must report (the types are in
// test/helpers/intent.ts). Every expected value comes from the generator, never from wsscope.
import { join } from 'node:path';
import { type CaptureIntent, readCaptureIn, readIntentIn } from '../../helpers/intent.js';

export const CAPTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'captures');

export const readCapture = (name: string): Uint8Array => readCaptureIn(CAPTURES, name);
export const readCaptureIntent = (name: string): CaptureIntent => readIntentIn<CaptureIntent>(CAPTURES, name);
