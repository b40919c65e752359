/**
 * Open-document storage (issue 9 part 5): the server's `PieceDocument` beside
 * `TextDocument` of vscode-languageserver-textdocument, on the same stream of
 * incremental edits: typing a line of text character by character at several
 * places of a generated 2,000-line and 10,000-line file. After each change
 * the server reads the text back once (`getText()`, flattened as the lexer
 * does by reading it) and converts a cursor position and a few offsets
 * (diagnostics, symbols), as the features do.
 * Times are CPU user time per edit; memory is the heap one open document
 * holds after the stream.
 *   node --import tsx --expose-gc bench/documents.ts
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver/node';
import { PieceDocument } from '../server/pieceDocument';
import { generateNotifyFile } from './generate';
import { fmt, median, percentile, table } from './stats';

interface Change {
  range: { start: Position; end: Position };
  text: string;
}

interface Doc {
  apply(change: Change, version: number): void;
  getText(): string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

const piece = (text: string): Doc => {
  const d = new PieceDocument('file:///bench.notify', 'notify', 1, text);
  return {
    apply: (c) => d.apply(c),
    getText: () => d.getText(),
    positionAt: (o) => d.positionAt(o),
    offsetAt: (p) => d.offsetAt(p),
  };
};

const textDocument = (text: string): Doc => {
  const d = TextDocument.create('file:///bench.notify', 'notify', 1, text);
  return {
    apply: (c, version) => TextDocument.update(d, [c], version),
    getText: () => d.getText(),
    positionAt: (o) => d.positionAt(o),
    offsetAt: (p) => d.offsetAt(p),
  };
};

const TYPED = '        text = "deploy $VulnerabilityId failed";';
const PLACES = 8;

/** The edit stream: at PLACES lines spread over the file, a new line, then TYPED one character at a time. */
function editStream(lines: number): Change[] {
  const out: Change[] = [];
  for (let p = 0; p < PLACES; p++) {
    // line 6 of a notifier (inside `slack { … }`), spread over the file; earlier inserts shift later lines by 1
    const line = Math.floor(((p + 0.5) * lines) / PLACES / 35) * 35 + 7 + p;
    out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' });
    for (let c = 0; c < TYPED.length; c++) {
      const at = { line, character: c };
      out.push({ range: { start: at, end: at }, text: TYPED[c]! });
    }
  }
  return out;
}

let sink = 0;

/** Applies the stream; after each change reads what the server reads. Returns CPU user ms per edit. */
function run(make: (text: string) => Doc, text: string, edits: readonly Change[]): { perEdit: number; doc: Doc } {
  const doc = make(text);
  const before = process.cpuUsage();
  let version = 1;
  for (const change of edits) {
    doc.apply(change, ++version);
    const t = doc.getText();
    sink += t.charCodeAt(t.length >> 1); // the lexer reads the text: a rope is flattened here
    const cursor = doc.offsetAt(change.range.start); // completion, hover, signature help
    sink += doc.positionAt(cursor + 1).character;
    for (let k = 1; k <= 20; k++) sink += doc.positionAt(Math.floor((k * t.length) / 21)).line; // diagnostics, symbols
  }
  return { perEdit: process.cpuUsage(before).user / 1000 / edits.length, doc };
}

/**
 * Heap held by one document `make` returns: COPIES of them are kept at once
 * (one alone is within the heap's noise), the garbage of building them collected.
 */
const COPIES = 10;
function heldBy(make: () => Doc): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const docs = Array.from({ length: COPIES }, make);
  gc?.();
  gc?.();
  const held = process.memoryUsage().heapUsed - before;
  for (const d of docs) sink += d.getText().length; // (read after the measure, so they are not collected before it)
  return held / COPIES;
}

const RUNS = 25;
const rows: string[][] = [['file', 'edits', 'Piece ms/edit', 'TextDoc ms/edit', 'ratio', 'Piece p95', 'TextDoc p95', 'Piece MB', 'TextDoc MB']];
const ratios: number[] = [];
for (const lines of [2_000, 10_000]) {
  const text = generateNotifyFile(lines);
  const edits = editStream(lines);
  // both must end with the same text, or the comparison means nothing
  if (run(piece, text, edits).doc.getText() !== run(textDocument, text, edits).doc.getText()) throw new Error('the two documents disagree');
  const p: number[] = [];
  const t: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    // alternate so that load on the machine falls on both alike
    p.push(run(piece, text, edits).perEdit);
    t.push(run(textDocument, text, edits).perEdit);
  }
  const ratio = median(t) / median(p);
  ratios.push(ratio);
  const pm = heldBy(() => run(piece, text, edits).doc);
  const tm = heldBy(() => run(textDocument, text, edits).doc);
  rows.push([
    `${lines} lines (${fmt(text.length / 1e3, 0)} KB)`,
    String(edits.length),
    fmt(median(p), 4),
    fmt(median(t), 4),
    `${fmt(ratio, 2)}x`,
    fmt(percentile(p, 95), 4),
    fmt(percentile(t, 95), 4),
    fmt(pm / 1e6, 3),
    fmt(tm / 1e6, 3),
  ]);
}
console.log(`Open documents: PieceDocument vs TextDocument, typing ${TYPED.length} characters at ${PLACES} places,`);
console.log(`getText() + 22 position conversions after each edit; median of ${RUNS} runs, CPU user time\n`);
console.log(table(rows));
const worst = Math.max(...ratios);
console.log(
  `\nTextDocument / PieceDocument per edit: up to ${fmt(worst, 2)}x — ${
    worst <= 1.5 ? 'within 1.5x: TextDocument is enough (issue 9.5)' : 'over 1.5x: keep PieceDocument (issue 9.5)'
  }`,
);
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') console.log('(run with --expose-gc for exact memory figures)');
if (sink === 0.5) console.log(sink);
