import { readFileSync } from 'node:fs';
import { Lexer } from './grammar/syntax/lexer';
const text = readFileSync('/tmp/big/big.notify', 'utf8').slice(0, 3_000_000);
for (let r = 0; r < 6; r++) new Lexer(text).all();
