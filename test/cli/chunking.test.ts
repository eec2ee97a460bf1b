// The CLI prints the same for a capture read from its file and from stdin arriving in small,
// irregular pieces (issue 15, point 6): `frames` printed "message": null for frames of complete
// fragmented messages depending on where stdin's reads ended. A real child process; the pieces are
// written with a pause between them so each one is a read of its own.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/rng.js';
import { buildCli, ROOT, runCli, SHARED } from './helpers.js';

let bin: string;
beforeAll(() => {
  bin = buildCli();
});

/** Runs the CLI with `bytes` on stdin in seeded random pieces of 1-3000 bytes, a pause after each. */
function viaStdin(args: string[], bytes: Uint8Array, seed: number): Promise<{ code: number | null; stdout: string }> {
  const random = mulberry32(seed);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8') }));
    let at = 0;
    const next = () => {
      if (at >= bytes.length) {
        child.stdin.end();
        return;
      }
      const size = 1 + Math.floor(random() * (random() < 0.5 ? 16 : 3000));
      child.stdin.write(bytes.subarray(at, at + size));
      at += size;
      setTimeout(next, 1);
    };
    next();
  });
}

const CASES = [
  join(SHARED, '04_fragments_ping_pong_close_codes.pcap'),
  join(ROOT, 'fixtures/captures/i_violations.pcap'),
  join(ROOT, 'fixtures/captures/b_ws_deflate.pcap'),
];

describe('file and stdin in random pieces give the same output', () => {
  for (const file of CASES) {
    for (const command of ['frames', 'findings']) {
      it(`${command} ${file.slice(ROOT.length + 1)}`, async () => {
        const args = [command, '--format', 'ndjson', '--no-progress'];
        const fromFile = await runCli(bin, [...args, file]);
        expect(fromFile.code).toBe(0);
        const fromStdin = await viaStdin(args, new Uint8Array(readFileSync(file)), 11);
        expect(fromStdin.code).toBe(0);
        expect(fromStdin.stdout).toBe(fromFile.stdout);
        if (command === 'frames') {
          // Every frame of these captures belongs to a message.
          const frames = fromFile.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { message: number | null });
          expect(frames.filter((f) => f.message === null)).toEqual([]);
        }
      }, 60_000);
    }
  }
});
