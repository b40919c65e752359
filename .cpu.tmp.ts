import { Session } from 'node:inspector/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { analyze } from './grammar/analyze';
const text = readFileSync('/tmp/big/big.notify', 'utf8');
const catalogText = readFileSync('/tmp/big/events/deploy.json', 'utf8');
const host = { readImport: () => ({ text: catalogText, resolvedPath: '/tmp/big/events/deploy.json' }) };
analyze(text, host);
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 });
await s.post('Profiler.start');
const c0 = process.cpuUsage();
analyze(text, host); analyze(text, host);
const c = process.cpuUsage(c0);
const { profile } = await s.post('Profiler.stop') as any;
writeFileSync('/tmp/big/inproc.cpuprofile', JSON.stringify(profile));
console.log('cpu ms per analyze', ((c.user + c.system) / 2000).toFixed(0));
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const dt = new Map<number, number>(); let total = 0;
for (let i = 0; i < profile.samples.length; i++) { dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + profile.timeDeltas[i]); total += profile.timeDeltas[i]; }
const byFile = new Map<string, number>();
for (const [id, t] of dt) { const n: any = byId.get(id); const f = n.callFrame.url ? n.callFrame.url.split('/').slice(-2).join('/') : n.callFrame.functionName; byFile.set(f, (byFile.get(f) ?? 0) + t); }
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((100 * v / total).toFixed(1).padStart(6) + '%', k);
