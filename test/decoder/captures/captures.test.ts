// End-to-end: every capture in fixtures/captures/ (real loopback recordings and generated
// captures, fixtures/README.md), decoded whole, against the ground truth and the `expect` block
// its generator wrote (the harness is test/helpers/ground-truth.ts).
import { describeGroundTruth } from '../../helpers/ground-truth.js';
import { CAPTURES } from './capture-intent.js';

describeGroundTruth({
  dir: CAPTURES,
  // Decoder bugs found by these captures and reported to the lead (see the report in git log).
  knownBugs: new Set<string>([]),
});
