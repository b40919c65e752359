import { readFileSync } from 'node:fs';
import { Lexer } from './grammar/syntax/lexer';
const text = readFileSync('/tmp/big/big.notify', 'utf8');
for (let r = 0; r < 5; r++) { const c0 = process.cpuUsage(); const n = new Lexer(text).all().length; const c = process.cpuUsage(c0); console.log('lex', n, ((c.user + c.system) / 1000).toFixed(0), 'ms'); }
