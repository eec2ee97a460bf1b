// The accept calculator's model: an AcceptCheck (what the handshake card draws) for any key,
// computed by the decoder's own computeAccept (decoder/http/accept.ts).

import { type AcceptCheck, computeAccept } from '../../../../decoder/index.js';

/** The keys of the five tutorials (../shared/tutorials), which any learner may have met. */
export const TUTORIAL_KEYS = [
  'dGhlIHNhbXBsZSBub25jZQ==',
  'w4v7O6xFTi36lq3RNcgctw==',
  'sXEi4SbUeCOsLZPsVA/nVQ==',
  '8cyP/EvUjJHSMbkOIHFU/w==',
];

export function acceptCheckOf(key: string, received: string): AcceptCheck {
  const k = key.trim();
  const { keyWithGuid, sha1Hex, accept } = computeAccept(k);
  const r = received.trim();
  return {
    key: k,
    keyWithGuid,
    sha1Hex,
    expected: accept,
    // nothing pasted: nothing to compare (the calculator then hides the comparison)
    received: r === '' ? null : r,
    valid: r === accept,
  };
}
