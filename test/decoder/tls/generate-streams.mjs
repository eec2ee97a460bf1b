// Records real TLS byte streams for the TLS layer's unit tests (run once; outputs committed):
//   node test/decoder/tls/generate-streams.mjs
// Node's tls + ws (OpenSSL underneath) talk over loopback through a recording TCP proxy; each
// stream file holds the bytes each direction sent, in order, the server's key log ('keylog'
// event, NSS format), and the ground truth: the WebSocket messages the peers sent and the
// certificate the server used. Nothing here is produced by wsscope.
// The KeyUpdate stream comes from `openssl s_client` (its "K" command) to `openssl s_server`.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import WebSocket, { WebSocketServer } from 'ws';

const OUT = new URL('./streams/', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'wsscope-tls-'));
const keyFile = join(dir, 'key.pem');
const certFile = join(dir, 'cert.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-subj',
    '/CN=localhost/O=wsscope test',
    '-days',
    '3650',
    '-set_serial',
    '1',
  ],
  { stdio: 'ignore' },
);
// The validity as OpenSSL reads it back, in ISO 8601 (the ground truth for the certificate view).
const dates = execFileSync('openssl', ['x509', '-in', certFile, '-noout', '-dates', '-dateopt', 'iso_8601'], {
  encoding: 'utf8',
});
const iso = (label) => new RegExp(`${label}=(\\S+) (\\S+)Z`).exec(dates).slice(1).join('T') + 'Z';
const CERTIFICATE = {
  subject: 'CN=localhost, O=wsscope test',
  issuer: 'CN=localhost, O=wsscope test',
  notBefore: iso('notBefore'),
  notAfter: iso('notAfter'),
};
const key = readFileSync(keyFile);
const cert = readFileSync(certFile);

/** A TCP proxy that records each direction's chunks in arrival order. */
function recordingProxy(targetPort) {
  const chunks = [];
  const server = net.createServer((down) => {
    const up = net.connect(targetPort, '127.0.0.1');
    down.on('data', (b) => {
      chunks.push({ from: 'client', hex: b.toString('hex') });
      up.write(b);
    });
    up.on('data', (b) => {
      chunks.push({ from: 'server', hex: b.toString('hex') });
      down.write(b);
    });
    down.on('end', () => up.end());
    up.on('end', () => down.end());
    down.on('error', () => up.destroy());
    up.on('error', () => down.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, chunks, port: server.address().port })),
  );
}

async function wsSession(
  name,
  { serverTls = {}, clientTls = {}, messages, deflate = false, reconnect = false, spaced = false },
) {
  const keylog = [];
  const httpsServer = https.createServer({ key, cert, ...serverTls });
  httpsServer.on('keylog', (line) => keylog.push(line.toString().trim()));
  const wss = new WebSocketServer({ server: httpsServer, perMessageDeflate: deflate });
  const sent = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      const reply = `echo: ${data.toString()}`;
      sent.push({ from: 'server', text: reply });
      ws.send(reply);
      if (!isBinary && data.toString() === 'bye') ws.close(1000, 'done');
    });
  });
  await new Promise((r) => httpsServer.listen(0, '127.0.0.1', r));
  const proxy = await recordingProxy(httpsServer.address().port);
  let session;
  const runs = reconnect ? 2 : 1;
  const connections = [];
  for (let run = 0; run < runs; run++) {
    const start = proxy.chunks.length;
    await new Promise((resolve, reject) => {
      const ws = new WebSocket(`wss://localhost:${proxy.port}/chat`, {
        rejectUnauthorized: false,
        servername: 'localhost',
        perMessageDeflate: deflate,
        ...clientTls,
        // Our own TLS connect, to keep the session (tickets arrive after the handshake) for the next run.
        createConnection: (opts) => {
          const socket = tls.connect({ ...opts, session });
          socket.on('session', (s) => {
            session = s;
          });
          return socket;
        },
      });
      ws.on('open', async () => {
        for (const m of messages) {
          sent.push({ from: 'client', text: m });
          ws.send(m);
          // Spaced: each message (and its echo) in packets of its own.
          if (spaced) await new Promise((r) => setTimeout(r, 50));
        }
      });
      ws.on('close', () => setTimeout(resolve, 100));
      ws.on('error', reject);
    });
    connections.push({ from: start, to: proxy.chunks.length });
  }
  proxy.server.close();
  httpsServer.close();
  const streams = connections.map((c) => proxy.chunks.slice(c.from, c.to));
  const out = { name, keylog, sent, certificate: CERTIFICATE, streams };
  writeFileSync(new URL(`${name}.json`, OUT), `${JSON.stringify(out, null, 1)}\n`);
  console.log(
    name,
    streams.map((s) => s.length),
    'chunks',
    keylog.length,
    'key log lines',
  );
}

/** openssl s_server / s_client with a KeyUpdate ("K": update and request the peer's). */
async function opensslKeyUpdate(name) {
  const keylogFile = join(dir, `${name}.keys`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      String(port),
      '-key',
      keyFile,
      '-cert',
      certFile,
      '-tls1_3',
      '-keylogfile',
      keylogFile,
      '-quiet',
    ],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  await new Promise((r) => setTimeout(r, 500));
  const proxy = await recordingProxy(port);
  const client = spawn(
    'openssl',
    [
      's_client',
      '-connect',
      `127.0.0.1:${proxy.port}`,
      '-servername',
      'localhost',
      '-tls1_3',
      '-ciphersuites',
      'TLS_AES_128_GCM_SHA256',
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  const say = (s) =>
    new Promise((r) => {
      client.stdin.write(s);
      setTimeout(r, 300);
    });
  await new Promise((r) => setTimeout(r, 700));
  await say('before key update\n');
  await say('K\n');
  await say('after key update\n');
  client.stdin.end();
  await new Promise((r) => setTimeout(r, 500));
  client.kill();
  server.kill();
  proxy.server.close();
  const keylog = readFileSync(keylogFile, 'utf8').trim().split('\n');
  const out = {
    name,
    keylog,
    sent: [
      { from: 'client', text: 'before key update\n' },
      { from: 'client', text: 'after key update\n' },
    ],
    streams: [proxy.chunks],
  };
  writeFileSync(new URL(`${name}.json`, OUT), `${JSON.stringify(out, null, 1)}\n`);
  console.log(name, proxy.chunks.length, 'chunks');
}

/** A client that refuses the self-signed certificate: its TLS 1.3 alert is encrypted (handshake keys). */
async function refusedCertificate(name) {
  const keylog = [];
  const server = https.createServer({ key, cert });
  server.on('keylog', (line) => keylog.push(line.toString().trim()));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const proxy = await recordingProxy(server.address().port);
  // openssl s_client verifies the chain during the handshake and sends the alert (Node's client does not).
  const client = spawn(
    'openssl',
    ['s_client', '-connect', `127.0.0.1:${proxy.port}`, '-servername', 'localhost', '-tls1_3', '-verify_return_error'],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  await new Promise((resolve) => client.on('exit', () => setTimeout(resolve, 200)));
  proxy.server.close();
  server.close();
  const out = { name, keylog, sent: [], streams: [proxy.chunks] };
  writeFileSync(new URL(`${name}.json`, OUT), `${JSON.stringify(out, null, 1)}\n`);
  console.log(name, proxy.chunks.length, 'chunks');
}

/** HTTP/2 over TLS (ALPN h2): one GET. */
async function http2Session(name) {
  const keylog = [];
  const server = http2.createSecureServer({ key, cert });
  server.on('keylog', (line) => keylog.push(line.toString().trim()));
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200 });
    stream.end('hello h2');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const proxy = await recordingProxy(server.address().port);
  await new Promise((resolve) => {
    const client = http2.connect(`https://localhost:${proxy.port}`, { rejectUnauthorized: false });
    const req = client.request({ ':path': '/' });
    req.resume();
    req.on('end', () => {
      client.close();
      setTimeout(resolve, 200);
    });
    req.end();
  });
  proxy.server.close();
  server.close();
  const out = { name, keylog, sent: [{ from: 'server', text: 'hello h2' }], streams: [proxy.chunks] };
  writeFileSync(new URL(`${name}.json`, OUT), `${JSON.stringify(out, null, 1)}\n`);
  console.log(name, proxy.chunks.length, 'chunks');
}

const msgs = ['hello over tls', 'second message', 'bye'];
const v13 = (suite) => ({
  serverTls: { minVersion: 'TLSv1.3', ciphers: suite },
  clientTls: { minVersion: 'TLSv1.3', ciphers: suite },
});
const v12 = (cipher) => ({
  serverTls: { maxVersion: 'TLSv1.2', ciphers: cipher },
  clientTls: { maxVersion: 'TLSv1.2', ciphers: cipher },
});

await wsSession('tls13-aes128gcm', { ...v13('TLS_AES_128_GCM_SHA256'), messages: msgs });
await wsSession('tls13-aes256gcm', { ...v13('TLS_AES_256_GCM_SHA384'), messages: msgs });
await wsSession('tls13-chacha20', { ...v13('TLS_CHACHA20_POLY1305_SHA256'), messages: msgs, deflate: true });
await wsSession('tls12-aes128gcm', { ...v12('ECDHE-ECDSA-AES128-GCM-SHA256'), messages: msgs });
await wsSession('tls12-aes256gcm', { ...v12('ECDHE-ECDSA-AES256-GCM-SHA384'), messages: msgs });
await wsSession('tls12-chacha20', { ...v12('ECDHE-ECDSA-CHACHA20-POLY1305'), messages: msgs });
await wsSession('tls12-cbc', { ...v12('ECDHE-ECDSA-AES128-SHA256'), messages: msgs });
await wsSession('tls13-hrr', {
  serverTls: { minVersion: 'TLSv1.3', ecdhCurve: 'X25519' },
  clientTls: { minVersion: 'TLSv1.3', ecdhCurve: 'P-384:X25519' },
  messages: msgs,
});
await wsSession('tls13-resumed', { ...v13('TLS_AES_128_GCM_SHA256'), messages: ['first', 'bye'], reconnect: true });
await wsSession('tls12-resumed', {
  ...v12('ECDHE-ECDSA-AES128-GCM-SHA256'),
  messages: ['first', 'bye'],
  reconnect: true,
});
await wsSession('tls13-spaced', {
  ...v13('TLS_AES_128_GCM_SHA256'),
  messages: ['one', 'two', 'three', 'four', 'five', 'six', 'bye'],
  spaced: true,
});
await opensslKeyUpdate('tls13-keyupdate');
await refusedCertificate('tls13-alert');
await http2Session('tls13-h2');
