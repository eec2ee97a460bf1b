// Every filter field, by layer. To add a layer's fields (tls.*, app.*): declare a FieldLayer in
// its own file and append it to FIELD_LAYERS: one line here, nothing else to change.

import type { FieldLayer, FilterFieldDef } from './field-def.js';
import { APP_LAYER } from './fields/app.js';
import { HTTP_LAYER } from './fields/http.js';
import { TLS_LAYER } from './fields/tls.js';
import { FRAME_LAYER, IP_LAYER, TCP_LAYER } from './fields/transport.js';
import { WEBSOCKET_LAYER, WS_LAYER } from './fields/websocket.js';

export const FIELD_LAYERS: readonly FieldLayer[] = [
  FRAME_LAYER,
  IP_LAYER,
  TCP_LAYER,
  TLS_LAYER,
  HTTP_LAYER,
  WEBSOCKET_LAYER,
  WS_LAYER,
  APP_LAYER,
];

const BY_NAME = new Map<string, FilterFieldDef>();
for (const layer of FIELD_LAYERS) for (const f of layer.fields) BY_NAME.set(f.name, f);

/** The field called `name`, or undefined. */
export function filterField(name: string): FilterFieldDef | undefined {
  return BY_NAME.get(name);
}

/** Every field name, in declaration order. */
export function filterFieldNames(): string[] {
  return [...BY_NAME.keys()];
}

/** The protocol prefixes ("tcp", "websocket"): a prefix alone is not a field, but is a known word. */
export const FIELD_PROTOCOLS: readonly string[] = FIELD_LAYERS.map((l) => l.protocol);
