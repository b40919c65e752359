import { readFileSync } from 'node:fs';
import { Lexer } from './grammar/syntax/lexer';
import { Lexer as Old } from '/tmp/big/base/grammar/syntax/lexer';
const text = readFileSync('/tmp/big/big.notify', 'utf8').slice(0, 3_000_000);
const t: Record<string, number[]> = { old: [], new: [] };
for (let r = 0; r < 8; r++) for (const [name, L] of [['old', Old], ['new', Lexer]] as const) { (globalThis as any).gc?.(); const c0 = process.cpuUsage(); new (L as any)(text).all(); const c = process.cpuUsage(c0); t[name].push((c.user + c.system) / 1000); }
for (const k in t) console.log(k, t[k].map((x) => x.toFixed(0)).join(' '), 'median', t[k].sort((a, b) => a - b)[4].toFixed(0));
