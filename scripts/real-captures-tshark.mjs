// Writes test/decoder/connection/real-captures.tshark.json: what tshark reads as WebSocket in
// each capture of ../shared/real-captures (other projects' captures, read in place), for the
// regression test to compare wsscope with. Made by tshark alone, never by wsscope:
//   node scripts/real-captures-tshark.mjs [DIR]
// Per file: tshark's version, the decode-as it needs (a capture without its handshake), and one
// entry per WebSocket frame: [packet number, source port, destination port, opcode, FIN (0/1),
// MASK (0/1), payload length].
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '../shared/real-captures');
const out = 'test/decoder/connection/real-captures.tshark.json';
/** Captures that begin after their handshake: tshark needs to be told (SOURCES.md says which). */
const DECODE_AS = {
  'ndpi__websocket.pcap': 'tcp.port==12345,websocket',
  // only the tail connection (client port 59622); the next one has its handshake
  'pcap2har__ipv4-websocket-segmented.pcap': 'tcp.port==59622,websocket',
};
const FIELDS = [
  'frame.number',
  'tcp.srcport',
  'tcp.dstport',
  'websocket.opcode',
  'websocket.fin',
  'websocket.mask',
  'websocket.payload_length',
  'websocket.payload_length_ext_16',
  'websocket.payload_length_ext_64',
];
const version = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0];
const files = {};
for (const name of readdirSync(dir)
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .sort()) {
  const args = ['-r', join(dir, name), '-Y', 'websocket', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  if (DECODE_AS[name]) args.push('-d', DECODE_AS[name]);
  for (const f of FIELDS) args.push('-e', f);
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed on ${name}: ${r.stderr}`);
  const frames = [];
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [packet, sport, dport, opcodes, fins, masks, lengths, ext16, ext64] = line.split('\t');
    const list = (s) => s.split(',');
    const ops = list(opcodes);
    // The extended lengths are listed only for the frames that have them, in frame order.
    const longer = { 126: ext16 ? list(ext16) : [], 127: ext64 ? list(ext64) : [] };
    for (let i = 0; i < ops.length; i++) {
      const length7 = Number(list(lengths)[i]);
      const flag = (s) => (list(s)[i] === 'True' || list(s)[i] === '1' ? 1 : 0);
      frames.push([
        Number(packet),
        Number(sport.split(',')[0]),
        Number(dport.split(',')[0]),
        Number(ops[i]),
        flag(fins),
        flag(masks),
        length7 < 126 ? length7 : Number(longer[length7].shift()),
      ]);
    }
  }
  files[name] = { decodeAs: DECODE_AS[name] ?? null, frames };
}
const body = Object.entries(files)
  .map(
    ([name, f]) =>
      `  ${JSON.stringify(name)}: {"decodeAs": ${JSON.stringify(f.decodeAs)}, "frames": [${f.frames.map((x) => `\n   ${JSON.stringify(x)}`).join(',')}${f.frames.length ? '\n  ' : ''}]}`,
  )
  .join(',\n');
writeFileSync(out, `{\n "tshark": ${JSON.stringify(version)},\n "files": {\n${body}\n }\n}\n`);
// In the project's JSON style (biome), so lint stays green.
spawnSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
console.log(`wrote ${out}: ${Object.keys(files).length} captures, ${version}`);
