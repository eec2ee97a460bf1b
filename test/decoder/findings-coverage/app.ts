// Findings of the application layer (src/decoder/app), each from a small capture decoded with
// the `app` option (see ../findings-coverage.test.ts).

import { type FindingCase, sendText, switchingProtocols, upgradeRequest, wsCapture } from '../../helpers/ws-capture.js';

export const APP_CASES: Record<string, FindingCase> = {
  // graphql-transport-ws negotiated, then a text that is not JSON: the JSON error's offset.
  'app.malformed': {
    input: () =>
      wsCapture(sendText('{"type":"subscribe",'), {
        request: upgradeRequest('Sec-WebSocket-Protocol: graphql-transport-ws\r\n'),
        response: switchingProtocols('Sec-WebSocket-Protocol: graphql-transport-ws\r\n'),
      }),
    options: { app: true },
    message: /^message 1 does not parse as graphql-ws at byte 20: invalid JSON/,
    direction: 'client',
  },
};
