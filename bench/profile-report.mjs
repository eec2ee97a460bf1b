// Summarise a V8 .cpuprofile of the bundled bench runner: self and total time per function,
// each named by the source file it came from.
//
//   node bench/profile-report.mjs PROFILE.cpuprofile BUNDLE.mjs [--top N]
//
// esbuild writes a `// src/…/file.ts` comment before each module in a bundle, so a profile
// position (line in the bundle) maps back to its source file without a source map.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export function profileReport(profilePath, bundlePath, top = 25) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const bundleName = basename(bundlePath);
  const modules = [];
  readFileSync(bundlePath, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(line);
      if (m) modules.push([i, m[1]]);
    });
  const moduleAt = (line) => {
    let name = '?';
    for (const [start, file] of modules) {
      if (start > line) break;
      name = file;
    }
    return name;
  };

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const total = profile.samples.length;

  const label = (n) => {
    const f = n.callFrame;
    const where = f.url.endsWith(bundleName) ? moduleAt(f.lineNumber) : f.url ? basename(f.url) : '(native)';
    return `${where}:${f.functionName || '(anonymous)'}`;
  };
  const self = new Map();
  const inclusive = new Map();
  for (const [id, count] of selfSamples) {
    const key = label(nodes.get(id));
    self.set(key, (self.get(key) ?? 0) + count);
    // Inclusive: count each function once per sample, however deep the recursion.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = label(nodes.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + count);
    }
  }
  const rows = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [
    `${total} samples`,
    'self time:',
    ...rows(self),
    '',
    'total time (including callees):',
    ...rows(inclusive),
  ].join('\n');
}

if (process.argv[1]?.endsWith('profile-report.mjs')) {
  const [profilePath, bundlePath] = process.argv.slice(2);
  const at = process.argv.indexOf('--top');
  console.log(profileReport(profilePath, bundlePath, at !== -1 ? Number(process.argv[at + 1]) : 25));
}
