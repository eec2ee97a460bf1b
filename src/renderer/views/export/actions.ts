// The copy and export actions of the frames table's context menu and Ctrl/Cmd+C: each gathers
// what it needs (the frame's detail, the connection, whole messages from the worker), formats it
// (formats.ts, commands.ts, replay.ts) and puts it on the clipboard or in a
// downloaded file.

import type { ConnectionRecord } from '../../../decoder/index.js';
import type { Controller } from '../../model/controller.js';
import { filterStore } from '../filter/filter-store.js';
import { curlCommand, websocatCommand } from './commands.js';
import { messagesCsv, messagesHar, messagesJson, type PayloadFormat, payloadAs } from './formats.js';
import { replayNodeScript, replayPythonScript } from './replay.js';

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // No clipboard permission (an insecure origin, a test page): the selection fallback.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function download(name: string, text: string | Uint8Array, type: string): void {
  const blob = new Blob([text as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The payload of frame `frameId`: its message's (defragmented, inflated) when it has one. */
async function payloadOf(controller: Controller, frameId: number): Promise<Uint8Array | null> {
  const detail = (await controller.decoder?.frameDetail(frameId)) ?? null;
  if (!detail) return null;
  if (detail.message) {
    if (!detail.message.cut) return detail.message.message.payload;
    return controller.loadFullPayload(detail.message.message.id);
  }
  return detail.frame.payload;
}

export async function copyPayload(controller: Controller, frameId: number, format: PayloadFormat): Promise<void> {
  const bytes = await payloadOf(controller, frameId);
  if (!bytes) return;
  await copyText(payloadAs(bytes, format));
  controller.notify(`Copied the payload of frame ${frameId} as ${format} (${bytes.length} bytes).`);
}

/** Ctrl/Cmd+C on a frame: text for text, close and valid UTF-8 payloads, else hex. */
export async function copyFrameSensibly(controller: Controller, frameId: number): Promise<void> {
  const bytes = await payloadOf(controller, frameId);
  if (!bytes) return;
  const text = payloadAs(bytes, 'text');
  const format: PayloadFormat = text.includes('\uFFFD') ? 'hex' : 'text';
  await copyText(format === 'text' ? text : payloadAs(bytes, 'hex'));
  controller.notify(`Copied the payload of frame ${frameId} as ${format}.`);
}

function connectionOf(controller: Controller, id: number): ConnectionRecord | null {
  return controller.store.getState().data.connections.get(id) ?? null;
}

export async function copyHandshake(controller: Controller, connectionId: number, as: 'curl' | 'websocat') {
  const c = connectionOf(controller, connectionId);
  const text = c ? (as === 'curl' ? curlCommand(c) : websocatCommand(c)) : null;
  if (!text) {
    controller.notify(`Connection ${connectionId} has no captured upgrade request to copy.`);
    return;
  }
  await copyText(text);
  controller.notify(`Copied connection ${connectionId}'s handshake as a ${as} command.`);
}

async function messagesOf(controller: Controller, ids: number[]) {
  return (await controller.decoder?.messages(ids)) ?? [];
}

function connectionMessageIds(controller: Controller, connectionId: number): number[] {
  const list = controller.store.getState().data.messagesByConnection.get(connectionId);
  const ids: number[] = [];
  for (let i = 0; list && i < list.length; i++) ids.push(list.at(i));
  return ids;
}

export async function copyReplay(controller: Controller, connectionId: number, as: 'node' | 'python') {
  const c = connectionOf(controller, connectionId);
  if (!c?.handshake?.request) {
    controller.notify(`Connection ${connectionId} has no captured upgrade request to replay.`);
    return;
  }
  const messages = await messagesOf(controller, connectionMessageIds(controller, connectionId));
  await copyText(as === 'node' ? replayNodeScript(c, messages) : replayPythonScript(c, messages));
  controller.notify(
    `Copied a ${as === 'node' ? 'Node (ws)' : 'Python (websockets)'} replay script for connection ${connectionId}.`,
  );
}

export type ExportFormat = 'json' | 'csv' | 'har';

/** The filtered messages when a filter is applied, else the connection's. */
export async function exportMessages(controller: Controller, connectionId: number | null, format: ExportFormat) {
  const f = filterStore.getState();
  const ids =
    f.applied && f.result && !f.result.error
      ? [...f.result.messageIds]
      : connectionId != null
        ? connectionMessageIds(controller, connectionId)
        : [];
  const messages = await messagesOf(controller, ids);
  const state = controller.store.getState();
  const base = (state.capture?.name ?? 'capture').replace(/\.[^.]+$/, '');
  const what = f.applied ? 'filtered' : `connection-${connectionId}`;
  if (format === 'json') download(`${base}-${what}.json`, messagesJson(messages), 'application/json');
  else if (format === 'csv') download(`${base}-${what}.csv`, messagesCsv(messages), 'text/csv');
  else download(`${base}-${what}.har`, messagesHar(state.data.connectionList(), messages), 'application/json');
  controller.notify(`Saved ${messages.length} messages as ${format.toUpperCase()}.`);
}

/** The packets of the filtered connections (a filter applied) or of one connection, as pcapng. */
export async function saveSlice(controller: Controller, connectionId: number, filtered: boolean): Promise<void> {
  const f = filterStore.getState();
  const ids = filtered && f.result && !f.result.error ? f.result.connectionIds : [connectionId];
  const result = await controller.decoder?.slice(ids);
  if (!result) return;
  if ('error' in result) {
    controller.notify(`Cannot save a slice: ${result.error}.`);
    return;
  }
  const base = (controller.store.getState().capture?.name ?? 'capture').replace(/\.[^.]+$/, '');
  const name = ids.length === 1 ? `${base}-connection-${ids[0]}.pcapng` : `${base}-${ids.length}-connections.pcapng`;
  download(name, result.bytes, 'application/octet-stream');
  controller.notify(
    `Saved ${result.packets} packets of connection${ids.length === 1 ? '' : 's'} ${ids.join(', ')} as ${name}.`,
  );
}
