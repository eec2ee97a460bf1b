// Decoder shards in worker threads (src/node/shard-threads.ts): a shard that fails ends the
// session with one line instead of leaving it waiting for a reply that never comes.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShardedSession } from '../../src/decoder/index.js';
import { workerShard } from '../../src/node/shard-threads.js';
import { PROJECT_ROOT } from '../helpers/all-captures.js';

function script(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wsscope-shard-')), 'shard.mjs');
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return file;
}

async function decodeWith(worker: string): Promise<unknown> {
  const session = new ShardedSession({ frameFields: false, shards: { count: 2, open: workerShard(worker) } });
  try {
    session.push(new Uint8Array(readFileSync(join(PROJECT_ROOT, 'fixtures/sample.pcap'))));
    session.end();
    while (session.queued > 0) await session.take();
    return null;
  } catch (error) {
    return error;
  } finally {
    session.close();
  }
}

describe('decoder threads that fail', () => {
  it('a thread that exits: the session fails with one line saying so', async () => {
    const error = await decodeWith(script("parentPort.on('message', () => process.exit(3));"));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('a decoder thread exited (code 3)');
  });

  it('a thread whose decoder threw: the first line of its error', async () => {
    const error = await decodeWith(
      script(
        "parentPort.on('message', () => parentPort.postMessage({ error: 'TypeError: boom\\n    at somewhere' }));",
      ),
    );
    expect((error as Error).message).toBe('TypeError: boom');
  });
});
