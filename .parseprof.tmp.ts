import { parse } from './grammar/syntax/parser';
import { generateNotifyFile } from './bench/generate';
const text = generateNotifyFile(10_000);
for (let r = 0; r < 60; r++) parse(text);
