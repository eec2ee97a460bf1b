// Entry of dist/ui/in-thread.js, a classic script built beside the page (vite.config.ts): the
// parts of the app that run the whole decoder on the UI thread. Pages that decode in a Web
// Worker never need it, so it stays out of the page's own script, whose parse and first run
// were the longest main-thread task of a start (issue 15 point 5); page-decoder-loader.ts loads
// it on first use:
// - InThreadWorker: the decoder for pages that cannot start a worker (file://);
// - judgeFrame: the lesson's frame builder, which has the real decoder read the student's frame.

import { judgeFrame } from '../views/lesson/sandbox/builder-capture.js';
import { InThreadWorker } from './in-thread.js';

export interface PageDecoder {
  InThreadWorker: typeof InThreadWorker;
  judgeFrame: typeof judgeFrame;
}

(globalThis as { wsscopePageDecoder?: PageDecoder }).wsscopePageDecoder = { InThreadWorker, judgeFrame };
