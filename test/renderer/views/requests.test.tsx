// @vitest-environment jsdom
// The requests view, the end verdict and the decoded message on real captures decoded by the
// worker's engine (fixtures/app, real libraries; their truth files say what each side asked and
// what it got), the latency histogram's buckets (hand-computed edges), and the protocol override.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureData } from '../../../src/renderer/model/capture-data.js';
import { EndVerdict } from '../../../src/renderer/views/requests/EndVerdict.js';
import { bucketOf, EDGES } from '../../../src/renderer/views/requests/LatencyHistogram.js';
import { RequestsView } from '../../../src/renderer/views/requests/RequestsView.js';
import { DecodeEngine } from '../../../src/renderer/worker/engine.js';

afterEach(cleanup);

async function decodeApp(name: string) {
  const fsModule = 'node:fs';
  const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: string): Uint8Array };
  const bytes = new Uint8Array(fs.readFileSync(`fixtures/app/${name}`));
  const engine = new DecodeEngine(bytes.length);
  const data = new CaptureData();
  engine.push(bytes);
  engine.end();
  data.apply(engine.takeBatch());
  return { engine, data };
}

describe('latency histogram buckets (two per decade from 100 µs)', () => {
  it('puts latencies under the edge above them', () => {
    expect(EDGES[0]).toBeCloseTo(1e-4, 12);
    expect(EDGES[2]).toBeCloseTo(1e-3, 12);
    expect(bucketOf(0.00005)).toBe(0); // below 100 µs
    expect(bucketOf(0.00042)).toBe(2); // 316 µs ≤ x < 1 ms
    expect(bucketOf(0.0015)).toBe(3); // 1 ms ≤ x < 3.16 ms
    expect(bucketOf(20)).toBe(EDGES.length); // beyond 10 s
  });
});

describe('requests view on the JSON-RPC capture', () => {
  it('lists every request with its status, highlights none pending, and links to the answer', async () => {
    const { data } = await decodeApp('jsonrpc.pcap');
    const requests = data.requestsOf(1);
    // jsonrpc.pcap.truth.json: add, echo, fail (error), missing (error), add and echo in a batch,
    // and the server's whoami: seven requests, two errors, none unanswered.
    expect(requests.map((r) => `${r.name} ${r.status}`)).toEqual([
      'add ok',
      'echo ok',
      'fail error',
      'missing error',
      'add ok',
      'echo ok',
      'whoami ok',
    ]);
    const picked: number[] = [];
    render(
      <RequestsView
        requests={requests}
        origin={data.origin}
        timeMode="relative"
        selectedMessageId={null}
        onSelectMessage={(id) => picked.push(id)}
        protocol="json-rpc"
      />,
    );
    expect(screen.getByTestId('request-stats').textContent).toMatch(/^7 requests: 5 ok, 2 error, 0 never answered/);
    expect(document.querySelectorAll('tr.error')).toHaveLength(2);
    expect(document.querySelectorAll('tr.pending')).toHaveLength(0);
    fireEvent.click(screen.getAllByText(`#${requests[0]?.response}`)[0] as HTMLElement);
    expect(picked).toEqual([requests[0]?.response]);
  });
});

describe('end verdict and protocol override on the spec-built capture', () => {
  it('shows the verdict with the browser code', async () => {
    const { data } = await decodeApp('spec-protocols.pcap');
    const c = data.connections.get(1);
    render(<EndVerdict connection={c!} />);
    // The generator closes every connection: client 1000, server 1000, then FINs.
    expect(screen.getByTestId('end-verdict').textContent).toContain(
      'the client closed with 1000 normal closure after 4 ms idle; the server answered',
    );
    expect(screen.getByTestId('end-verdict').textContent).toContain('onclose 1000, clean');
  });

  it('decodes a connection again as another protocol and back', async () => {
    const { engine, data } = await decodeApp('spec-protocols.pcap');
    // Connection 6 is WAMP by its subprotocol (wamp.2.json): 8 requests in the generator's truth.
    expect(data.requestsOf(6)).toHaveLength(8);
    engine.setProtocol(6, 'none');
    data.apply(engine.takeBatch());
    expect(data.requestsOf(6)).toHaveLength(0);
    expect(data.connections.get(6)?.app).toBeNull();
    engine.setProtocol(6, null);
    data.apply(engine.takeBatch());
    expect(data.requestsOf(6).map((r) => r.name)).toContain('com.myapp.add2');
    expect(data.connections.get(6)?.app?.chosenBy).toBe('subprotocol');
    // Connection 9 (JSON-RPC) read as STOMP: every message fails to parse, no requests.
    engine.setProtocol(9, 'stomp');
    data.apply(engine.takeBatch());
    expect(data.requestsOf(9)).toHaveLength(0);
    expect(engine.messageDetail(82, 1000)?.message.app?.kind).toBe('malformed');
  });

  it('an override during a live capture also applies to the messages that arrive after it', async () => {
    const fsModule = 'node:fs';
    const fs = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: string): Uint8Array };
    const bytes = new Uint8Array(fs.readFileSync('fixtures/app/spec-protocols.pcap'));
    const engine = new DecodeEngine(bytes.length);
    const data = new CaptureData();
    // Feed 500 bytes at a time until connection 6 (WAMP, 8 requests in all) has some requests
    // but not all: the override comes in the middle of it, as a user's would during a capture.
    let at = 0;
    while (at < bytes.length) {
      engine.push(bytes.slice(at, at + 500));
      at += 500;
      data.apply(engine.takeBatch());
      const n = data.requestsOf(6).length;
      if (n > 0 && n < 8) break;
    }
    const before = data.requestsOf(6).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(8);
    engine.setProtocol(6, 'none');
    engine.push(bytes.slice(at));
    engine.end();
    data.apply(engine.takeBatch());
    expect(data.requestsOf(6)).toEqual([]);
    const ids = data.messagesByConnection.get(6);
    expect(ids && [...Array(ids.length).keys()].some((i) => data.apps.has(ids.at(i)))).toBe(false);
    expect(data.requestsOf(7).length).toBe(2); // others untouched
  });
});
