// src/decoder must run in Node, a Web Worker and Electron alike (sans-I/O, no platform APIs).
// This walks every file under src/decoder and fails on a platform import or global.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src/decoder');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Comments and string contents removed, so prose like "no `Buffer`" does not count. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'/g, "''")
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/`(?:[^`\\]|\\.)*`/g, '``');
}

const FORBIDDEN_MODULES =
  /^(node:.*|fs|fs\/promises|path|os|child_process|electron|react|react-dom|react\/.*|buffer|process)$/;
const IMPORT =
  /(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
const FORBIDDEN_GLOBALS: [RegExp, string][] = [
  [/\bBuffer\b/, 'Buffer'],
  [/\bprocess\./, 'process.'],
  [/\brequire\s*\(/, 'require('],
  [/\bwindow\./, 'window.'],
  [/\bdocument\./, 'document.'],
];

describe('src/decoder purity', () => {
  const files = walk(ROOT).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  for (const file of files) {
    it(`${relative(ROOT, file)} imports no platform module and uses no platform global`, () => {
      const source = readFileSync(file, 'utf8');
      const problems: string[] = [];
      for (const m of source.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (FORBIDDEN_MODULES.test(spec)) problems.push(`imports ${spec}`);
      }
      const code = codeOnly(source);
      for (const [pattern, name] of FORBIDDEN_GLOBALS) if (pattern.test(code)) problems.push(`uses ${name}`);
      expect(problems).toEqual([]);
    });
  }

  it('would catch a violation (self-check of the patterns)', () => {
    const bad = "import fs from 'node:fs';\nconst b = Buffer.from('x'); process.exit(1);";
    const specs = [...bad.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specs.some((s) => FORBIDDEN_MODULES.test(s))).toBe(true);
    expect(FORBIDDEN_GLOBALS.filter(([p]) => p.test(codeOnly(bad))).map(([, n]) => n)).toEqual(['Buffer', 'process.']);
    expect(FORBIDDEN_GLOBALS.some(([p]) => p.test(codeOnly('// no Buffer here\nconst s = "window.x";')))).toBe(false);
  });
});
