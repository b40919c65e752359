/**
 * LSP conformance under random edits (test/server/conformance.test.ts runs it
 * as a child process): spawns dist/server.js --stdio, reads its stdout as raw
 * LSP frames (anything else is a violation), initializes as VS Code does or
 * with no capabilities at all, opens documents built from examples/ and
 * applies random incremental edits (ranges past line and document ends,
 * reversed, zero-length, whole-document, CRLF and surrogate pairs split,
 * NUL, lone surrogates, long lines, deep nesting), keeping a shadow copy with
 * vscode-languageserver-textdocument, interleaved with every advertised
 * request at random positions, cancellations, close/reopen and version jumps,
 * didOpen again without didClose (also twice at one version), and changes,
 * closes and requests for documents never opened, and multi-cursor batches
 * (64 or more edits in one didChange, the last cursor first).
 * Each answer is checked against the shadow text: one response per id, a
 * result of the right shape with every position in bounds and no split
 * surrogate pair, edits that apply, completion ranges on the line holding the
 * position, semantic tokens that decode inside lines, diagnostics for a sent
 * version and, at checkpoints, exactly what a fresh analysis gives;
 * formatting keeps the diagnostics and is idempotent. Deterministic for a seed.
 *   node --import tsx test/support/lspConformance.ts SEED STEPS [vscode|minimal] [BUDGET_MS]
 * Prints the first violation of each kind, then one line `RESULT {json}`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../grammar/analyze';
import { nodeImportHost } from '../../host/files';
import { LineMap } from '../../grammar/syntax/lineMap';
import { toLspDiagnostics } from '../../server/features/diagnostics';
import { semanticTokens } from '../../server/features/semanticTokens';
import { documentSymbols } from '../../server/features/symbols';
import { AnalyzedDocument } from '../../server/workspace';

function fresh(uri: string, text: string) {
  const baseDir = join(ROOT, 'examples');
  const lines = new LineMap(text);
  const doc = new AnalyzedDocument(uri, 1, baseDir, lines, () => text, (t) => ({ analysis: analyze(t, nodeImportHost(baseDir)), deps: new Set() }));
  return { diagnostics: toLspDiagnostics(doc, undefined), tokens: semanticTokens(doc).data, symbols: doc.views().flatMap(documentSymbols) };
}

const ROOT = join(import.meta.dirname, '..', '..');
const seed = Number(process.argv[2] ?? 1);
const STEPS = Number(process.argv[3] ?? 2000);
const MINIMAL = process.argv[4] === 'minimal';
const BUDGET_MS = Number(process.argv[5] ?? Infinity);
let s = seed >>> 0 || 1;
const rand = () => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return s / 4294967296;
};
const ri = (n: number) => Math.floor(rand() * n);
const pick = <T>(a: readonly T[]): T => a[ri(a.length)]!;

const violations: string[] = [];
let stepNo = 0;
const seen = new Set<string>();
let sink: string[] | null = null;
function violation(kind: string, detail: string) {
  if (sink) { sink.push(kind + ': ' + detail); return; }
  const key = kind;
  const msg = `[seed ${seed} step ${stepNo}] ${kind}: ${detail}`;
  if (!seen.has(key)) { seen.add(key); console.log(msg.slice(0, 3000)); }
  violations.push(msg);
}

const files: { path: string; text: string }[] = [];
for (const d of ['examples', 'examples/seeds']) for (const n of readdirSync(join(ROOT, d))) if (n.endsWith('.notify')) files.push({ path: join(ROOT, d, n), text: readFileSync(join(ROOT, d, n), 'utf8') });

// ---------- transport ----------
const proc = spawn(process.execPath, [process.env.NOTIFY_SERVER_JS ?? join(ROOT, 'dist', 'server.js'), '--stdio'], { cwd: join(ROOT, 'examples'), stdio: ['pipe', 'pipe', 'pipe'] });
let exited = false;
proc.on('exit', (c, sig) => { exited = true; violation('server exited', `code ${c} sig ${sig}`); });
let stderr = '';
proc.stderr.on('data', (d) => (stderr += d));
let buf = Buffer.alloc(0);
type Msg = Record<string, any>;
const pending = new Map<number, { method: string; resolve: (m: Msg) => void; sent: number; check: (m: Msg) => void }>();
const answered = new Set<number>();
const maxLatency = new Map<string, number>();
const cancelled = new Set<number>();
let cancelledAnswered = 0;
proc.stdout.on('data', (chunk: Buffer) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) { if (buf.length > 200 && !/^Content-/i.test(buf.toString('latin1', 0, 20))) violation('non-LSP stdout', JSON.stringify(buf.toString('utf8', 0, 200))); return; }
    const header = buf.toString('ascii', 0, end);
    const lines = header.split('\r\n');
    let len = -1;
    for (const l of lines) {
      const m = /^Content-Length: (\d+)$/i.exec(l);
      if (m) len = Number(m[1]);
      else if (!/^Content-Type: /i.test(l)) violation('non-LSP stdout', JSON.stringify(header.slice(0, 200)));
    }
    if (len < 0) { violation('non-LSP stdout', 'no content-length ' + JSON.stringify(header)); buf = buf.subarray(end + 4); continue; }
    if (buf.length < end + 4 + len) return;
    const body = buf.toString('utf8', end + 4, end + 4 + len);
    buf = buf.subarray(end + 4 + len);
    let msg: Msg;
    try { msg = JSON.parse(body); } catch { violation('non-JSON body', body.slice(0, 200)); continue; }
    onMessage(msg);
  }
});
function write(m: Msg) { const b = Buffer.from(JSON.stringify(m), 'utf8'); proc.stdin.write(`Content-Length: ${b.length}\r\n\r\n`); proc.stdin.write(b); }
let nextId = 1;
function request(method: string, params: unknown, check: (m: Msg) => void = () => {}): Promise<Msg> & { id: number } {
  const id = nextId++;
  let res!: (m: Msg) => void;
  const p = new Promise<Msg>((r) => (res = r)) as Promise<Msg> & { id: number };
  p.id = id;
  pending.set(id, { method, resolve: res, sent: Date.now(), check });
  write({ jsonrpc: '2.0', id, method, params });
  return p;
}
const notify = (method: string, params: unknown) => write({ jsonrpc: '2.0', method, params });

// ---------- shadow ----------
interface Shadow { uri: string; doc: TextDocument; version: number; history: Map<number, string[]>; closedAt?: number; open: boolean }
const shadows: Shadow[] = [];
let lastDiags = new Map<string, Msg>();
const logs: string[] = [];

function onMessage(m: Msg) {
  if (m.jsonrpc !== '2.0') violation('jsonrpc field', JSON.stringify(m).slice(0, 200));
  if ('id' in m && ('result' in m || 'error' in m) && !('method' in m)) {
    if (m.id === null) { violation('null-id response', JSON.stringify(m)); return; }
    const p = pending.get(m.id);
    if (!p) { violation(answered.has(m.id) ? 'duplicate response' : 'response to unknown id', JSON.stringify(m).slice(0, 200)); return; }
    pending.delete(m.id); answered.add(m.id);
    { const ms = Date.now() - p.sent; if (ms > (maxLatency.get(p.method) ?? 0)) maxLatency.set(p.method, ms); }
    if ('result' in m && 'error' in m) violation('result and error', p.method);
    if (m.error) {
      const c = m.error.code;
      if (c === -32800) cancelledAnswered++;
      if (c === -32800 && !cancelled.has(m.id)) violation('RequestCancelled for a request not cancelled', p.method);
      else if (c !== -32800 && c !== -32803) violation(`error ${c} on ${p.method}`, JSON.stringify(m.error).slice(0, 500));
    } else {
      try { p.check(m); } catch (e) { violation(`${p.method} check threw`, String((e as Error).stack)); }
    }
    p.resolve(m);
    return;
  }
  if ('method' in m && 'id' in m) { write({ jsonrpc: '2.0', id: m.id, result: null }); return; }
  if (m.method === 'textDocument/publishDiagnostics') checkDiags(m.params);
  else if (m.method === 'window/logMessage') {
    logs.push(m.params.message);
    if (/failed|uncaught|unhandled|Error/.test(m.params.message)) violation('server logged failure', m.params.message.slice(0, 1500));
  }
}

// ---------- checks ----------
function lineLen(doc: TextDocument, line: number): number {
  const t = doc.getText();
  const start = doc.offsetAt({ line, character: 0 });
  const end = doc.offsetAt({ line, character: 1e9 });
  return t.slice(start, end).length;
}
function checkPos(doc: TextDocument, p: any, what: string) {
  if (!p || typeof p.line !== 'number' || typeof p.character !== 'number' || !Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) { violation(`bad position ${what}`, JSON.stringify(p)); return; }
  if (p.line >= doc.lineCount) { violation(`position line out of doc ${what}`, `${JSON.stringify(p)} lineCount ${doc.lineCount}`); return; }
  const len = lineLen(doc, p.line);
  if (p.character > len) violation(`position past EOL ${what}`, `${JSON.stringify(p)} len ${len}`);
  const off = doc.offsetAt(p);
  const t = doc.getText();
  if (off > 0 && (t.charCodeAt(off) & 0xfc00) === 0xdc00 && (t.charCodeAt(off - 1) & 0xfc00) === 0xd800) violation(`position splits surrogate ${what}`, JSON.stringify(p));
}
const cmp = (a: any, b: any) => a.line - b.line || a.character - b.character;
function checkRange(doc: TextDocument, r: any, what: string) {
  if (!r || !r.start || !r.end) { violation(`bad range ${what}`, JSON.stringify(r)); return; }
  checkPos(doc, r.start, what); checkPos(doc, r.end, what);
  if (cmp(r.start, r.end) > 0) violation(`range start>end ${what}`, JSON.stringify(r));
}
function applyEdits(doc: TextDocument, edits: any[], what: string): string | undefined {
  for (const e of edits) { checkRange(doc, e.range, what); if (typeof e.newText !== 'string') violation(`edit newText ${what}`, JSON.stringify(e)); }
  const sorted = [...edits].sort((a, b) => cmp(a.range.start, b.range.start));
  for (let i = 1; i < sorted.length; i++) if (cmp(sorted[i - 1].range.end, sorted[i].range.start) > 0) violation(`overlapping edits ${what}`, JSON.stringify(sorted.slice(i - 1, i + 1)));
  try { return TextDocument.applyEdits(doc, edits); } catch (e) { violation(`edits do not apply ${what}`, String(e)); return undefined; }
}
function checkWorkspaceEdit(sh: Shadow, we: any, what: string) {
  if (!we) return;
  const edits: any[] = [];
  for (const [uri, es] of Object.entries(we.changes ?? {})) if (uri === sh.uri) edits.push(...(es as any[]));
  for (const dc of we.documentChanges ?? []) if (dc.textDocument?.uri === sh.uri) {
    if (dc.textDocument.version != null && dc.textDocument.version !== sh.version) violation(`workspaceEdit version ${what}`, `${dc.textDocument.version} vs ${sh.version}`);
    edits.push(...dc.edits);
  }
  applyEdits(sh.doc, edits, what);
}
function checkDiags(p: any) {
  const sh = shadows.find((x) => x.uri === p.uri);
  if (!sh) return;
  let texts: string[] | undefined;
  const recentClose = sh.closedAt !== undefined && Date.now() - sh.closedAt < 1000;
  if (p.version !== undefined && p.version !== null) {
    if (!sh.open) { if (!recentClose) violation('diagnostics with version for closed doc', JSON.stringify(p).slice(0, 200)); return; }
    texts = sh.history.get(p.version);
    if (texts === undefined) { if (!recentClose) violation('diagnostics for unknown version', `${p.version} (current ${sh.version})`); return; }
  } else {
    if (sh.open && p.diagnostics.length) violation('diagnostics without version', '');
    return;
  }
  // versions sent only grow while a document is open: its diagnostics never go back to an older one
  const previous = lastDiags.get(p.uri);
  if (previous && typeof previous.version === 'number' && p.version < previous.version && sh.history.has(previous.version)) violation('diagnostics went back to an older version', `${previous.version} then ${p.version}`);
  lastDiags.set(p.uri, p);
  // any of the texts that had this version
  let problems: string[] = [];
  for (const text of texts) {
  sink = problems = [];
  const doc = TextDocument.create(sh.uri, 'notify', 0, text);
  for (const d of p.diagnostics) {
    checkRange(doc, d.range, 'diagnostic');
    for (const ri of d.relatedInformation ?? []) if (ri.location.uri === sh.uri) checkRange(doc, ri.location.range, 'related');
    if (![1, 2, 3, 4, undefined].includes(d.severity)) violation('diag severity', JSON.stringify(d));
    if (typeof d.message !== 'string') violation('diag message', JSON.stringify(d));
  }
  sink = null;
  if (problems.length === 0) break;
  }
  sink = null;
  for (const pr of problems) violation('diag: ' + pr.split(':')[0], pr + ' ntexts ' + texts.length);
}

const LEGEND_TYPES = { n: 0 }, LEGEND_MODS = { n: 0 };
let caps: any;
function checkResult(method: string, sh: Shadow, doc: TextDocument, pos: any, r: any, extra?: any) {
  const t = doc.getText();
  switch (method) {
    case 'textDocument/completion': {
      if (r === null) return;
      const items = Array.isArray(r) ? r : r.items;
      if (!Array.isArray(items)) return violation('completion shape', JSON.stringify(r).slice(0, 200));
      const checkEditRange = (range: any, w: string) => {
        checkRange(doc, range, w);
        if (range.start.line !== range.end.line || range.start.line !== doc.positionAt(doc.offsetAt(pos)).line) violation(`completion range not on request line ${w}`, JSON.stringify({ range, pos, text: t.slice(Math.max(0, doc.offsetAt(range.start) - 40), doc.offsetAt(range.end) + 40) }));
        const cpos = doc.positionAt(doc.offsetAt(pos));
        if (cmp(range.start, cpos) > 0 || cmp(cpos, range.end) > 0) violation(`completion range does not contain position ${w}`, JSON.stringify({ range, pos, cpos, line: t.slice(doc.offsetAt({line: cpos.line, character: 0}), doc.offsetAt({line: cpos.line+1, character: 0})) }));
      };
      if (r.itemDefaults?.editRange) { const er = r.itemDefaults.editRange; if (er.insert) { checkEditRange(er.insert, 'default insert'); checkEditRange(er.replace, 'default replace'); } else checkEditRange(er, 'default'); }
      for (const it of items) {
        if (typeof it.label !== 'string') violation('completion label', JSON.stringify(it));
        if (it.textEdit) {
          if (it.textEdit.insert) { checkEditRange(it.textEdit.insert, 'insert'); checkEditRange(it.textEdit.replace, 'replace'); }
          else checkEditRange(it.textEdit.range, 'textEdit');
        }
        if (it.additionalTextEdits) applyEdits(doc, [...it.additionalTextEdits, ...(it.textEdit?.range ? [it.textEdit] : [])], 'additionalTextEdits');
        if (MINIMAL && it.insertTextFormat === 2) violation('snippet to client without snippetSupport', it.label);
        if (MINIMAL && it.documentation && typeof it.documentation === 'object') violation('markdown doc to client without markdown', it.label);
      }
      lastCompletion = items.slice(0, 5);
      return;
    }
    case 'textDocument/hover':
      if (r === null) return;
      if (!r.contents) violation('hover shape', JSON.stringify(r));
      if (MINIMAL && r.contents?.kind === 'markdown') violation('markdown hover to client without markdown', '');
      if (r.range) { checkRange(doc, r.range, 'hover');
        const cpos = doc.positionAt(doc.offsetAt(pos)); if (cmp(r.range.start, cpos) > 0 || cmp(cpos, r.range.end) > 0) violation('hover range does not contain position', JSON.stringify({ r: r.range, pos, line: JSON.stringify(t.slice(doc.offsetAt({ line: pos.line, character: 0 }), doc.offsetAt({ line: pos.line + 1, character: 0 }))), value: r.contents.value?.slice(0, 200) })); }
      return;
    case 'textDocument/signatureHelp': {
      if (r === null) return;
      if (!Array.isArray(r.signatures)) return violation('sighelp shape', JSON.stringify(r));
      if (r.signatures.length === 0) return;
      if (r.activeSignature != null && (r.activeSignature < 0 || r.activeSignature >= r.signatures.length)) violation('activeSignature out of range', JSON.stringify(r));
      for (const sig of r.signatures) {
        const n = sig.parameters?.length ?? 0;
        const ap = sig.activeParameter ?? r.activeParameter;
        if (ap != null && (ap < 0 || (n > 0 && ap >= n))) violation('activeParameter out of range', JSON.stringify({ ap, n }));
        for (const p of sig.parameters ?? []) if (Array.isArray(p.label)) { if (p.label[0] < 0 || p.label[1] > sig.label.length || p.label[0] > p.label[1]) violation('param label offsets', JSON.stringify(p.label)); if (MINIMAL) violation('label offsets to client without labelOffsetSupport', ''); }
          else if (typeof p.label !== 'string' ) violation('param label', JSON.stringify(p));
      }
      return;
    }
    case 'textDocument/definition': case 'textDocument/references': {
      if (r === null) return;
      const locs = Array.isArray(r) ? r : [r];
      for (const l of locs) {
        if (l.targetUri) { if (MINIMAL) violation('LocationLink to client without linkSupport', ''); if (l.targetUri === sh.uri) { checkRange(doc, l.targetRange, 'targetRange'); checkRange(doc, l.targetSelectionRange, 'targetSel'); } if (l.originSelectionRange) checkRange(doc, l.originSelectionRange, 'origin'); }
        else if (l.uri === sh.uri) checkRange(doc, l.range, method);
        else if (typeof l.uri !== 'string') violation('location shape', JSON.stringify(l));
      }
      return;
    }
    case 'textDocument/inlayHint': {
      if (!Array.isArray(r)) return violation('inlayHint shape', JSON.stringify(r).slice(0, 200));
      for (const h of r) {
        checkPos(doc, h.position, 'inlayHint');
        if (typeof h.label !== 'string' || h.label === '') violation('inlayHint label', JSON.stringify(h));
        if (extra && (cmp(h.position, doc.positionAt(doc.offsetAt(extra.start))) < 0 || cmp(doc.positionAt(doc.offsetAt(extra.end)), h.position) < 0)) violation('inlayHint outside the range', JSON.stringify({ h, range: extra }));
      }
      return;
    }
    case 'textDocument/selectionRange': {
      if (!Array.isArray(r) || r.length !== 1) return violation('selectionRange shape: one per position', JSON.stringify(r).slice(0, 200));
      const cpos = doc.positionAt(doc.offsetAt(pos));
      let inner: any = null;
      for (let x = r[0]; x; x = x.parent) {
        checkRange(doc, x.range, 'selectionRange');
        if (cmp(x.range.start, cpos) > 0 || cmp(cpos, x.range.end) > 0) violation('selectionRange does not contain position', JSON.stringify({ r: x.range, pos, cpos }));
        if (inner && (cmp(x.range.start, inner.start) > 0 || cmp(inner.end, x.range.end) > 0)) violation('selectionRange parent does not contain child', JSON.stringify({ parent: x.range, child: inner }));
        inner = x.range;
      }
      return;
    }
    case 'textDocument/documentHighlight':
      if (r === null) return;
      for (const h of r) checkRange(doc, h.range, 'highlight');
      return;
    case 'textDocument/documentSymbol': {
      if (r === null) return;
      const walk = (ss: any[], parent?: any) => {
        for (const x of ss) {
          if (x.location) { if (x.location.uri === sh.uri) checkRange(doc, x.location.range, 'symbolinfo'); continue; }
          if (MINIMAL) { violation('DocumentSymbol to client without hierarchical support', ''); }
          if (typeof x.name !== 'string' || x.name.length === 0) violation('symbol name empty', JSON.stringify(x).slice(0, 200));
          checkRange(doc, x.range, 'symbol'); checkRange(doc, x.selectionRange, 'symbol sel');
          if (cmp(x.range.start, x.selectionRange.start) > 0 || cmp(x.selectionRange.end, x.range.end) > 0) violation('selectionRange not in range', JSON.stringify(x).slice(0, 300));
          if (parent && (cmp(parent.range.start, x.range.start) > 0 || cmp(x.range.end, parent.range.end) > 0)) violation('child symbol outside parent', JSON.stringify({ p: parent.range, c: x.range }));
          if (x.children) walk(x.children, x);
        }
      };
      walk(r);
      return;
    }
    case 'textDocument/foldingRange':
      if (r === null) return;
      for (const f of r) {
        if (!(f.startLine >= 0 && f.endLine >= f.startLine && f.endLine < doc.lineCount)) violation('folding range lines', JSON.stringify(f) + ' lc ' + doc.lineCount);
        else {
          if (f.startCharacter != null && f.startCharacter > lineLen(doc, f.startLine)) violation('folding startCharacter', JSON.stringify(f));
          if (f.endCharacter != null && f.endCharacter > lineLen(doc, f.endLine)) violation('folding endCharacter', JSON.stringify(f));
        }
      }
      return;
    case 'textDocument/semanticTokens/full': {
      const d = r?.data;
      if (!Array.isArray(d) || d.length % 5) return violation('semantic tokens shape', String(d?.length));
      let line = 0, ch = 0, prevEnd = 0;
      for (let i = 0; i < d.length; i += 5) {
        const [dl, ds, len, ty, mod] = d.slice(i, i + 5);
        if ([dl, ds, len, ty, mod].some((x) => !Number.isInteger(x) || x < 0)) { violation('semantic token negative/NaN', JSON.stringify(d.slice(i, i + 5))); return; }
        if (dl > 0) { line += dl; ch = ds; prevEnd = 0; } else ch += ds;
        if (i > 0 && dl === 0 && ds === 0) violation('semantic token zero delta (duplicate)', JSON.stringify(d.slice(i, i + 5)));
        if (line >= doc.lineCount) { violation('semantic token line out of doc', `${line} >= ${doc.lineCount}`); return; }
        if (ch + len > lineLen(doc, line)) violation('semantic token past EOL', `line ${line} ch ${ch} len ${len} linelen ${lineLen(doc, line)}`);
        if (len === 0) violation('semantic token zero length', '');
        if (ch < prevEnd) violation('semantic tokens overlap', `line ${line}`);
        prevEnd = ch + len;
        if (ty >= LEGEND_TYPES.n) violation('semantic token type out of legend', String(ty));
        if (mod >= 1 << LEGEND_MODS.n) violation('semantic token mods out of legend', String(mod));
      }
      return;
    }
    case 'textDocument/codeAction':
      if (r === null) return;
      for (const a of r) {
        if (typeof a.title !== 'string') violation('codeAction title', JSON.stringify(a).slice(0, 200));
        if (a.edit) checkWorkspaceEdit(sh, a.edit, 'codeAction ' + a.title);
        if (MINIMAL && !('command' in a && typeof a.command === 'string')) violation('CodeAction literal to client without codeActionLiteralSupport', a.title);
      }
      return;
    case 'textDocument/formatting': case 'textDocument/rangeFormatting': {
      if (r === null) return;
      const out = applyEdits(doc, r, method);
      if (out !== undefined && r.length) {
        const errs = (x: string) => analyze(x, nodeImportHost(join(ROOT, 'examples'))).diagnostics.filter((d) => process.env.ALLDIAG || d.severity === 'error').map((d) => d.code + ':' + d.message.replace(/\d+/g, 'N')).sort().join(',');
        const before = errs(t), after = errs(out);
        if (before !== after) violation(`${method} changed errors`, `${before} -> ${after}\nBEFORE:\n${t.slice(0, 400)}\nAFTER:\n${out.slice(0, 400)}`);
        pendingFormat = { sh, text: out, method, range: extra, before: doc }; formatted++;
      }
      return;
    }
    case 'textDocument/prepareRename':
      if (r === null) return;
      // (the range is the name between its quotes, also for a position on a quote: LANGUAGE.md 10.5)
      { const range = r.range ?? (r.start ? r : undefined); if (range) checkRange(doc, range, 'prepareRename'); }
      return;
    case 'textDocument/rename':
      checkWorkspaceEdit(sh, r, 'rename');
      return;
    case 'textDocument/documentLink':
      if (r === null) return;
      for (const l of r) { checkRange(doc, l.range, 'link'); if (MINIMAL && l.tooltip !== undefined) violation('link tooltip to client without tooltipSupport', JSON.stringify(l)); }
      return;
  }
}
let lastCompletion: any[] = [];
let formatted = 0;
let pendingFormat: { sh: Shadow; text: string; method: string; range?: any; before?: TextDocument } | undefined;

// ---------- generation ----------
const INSERTS = [
  'notifier "n" {', 'on package.added;', '$PackageId', '@AffectedPackages', '%p', '$ToJson(', '%(', '@(', ')', '}', '{', ';', ',', '"', "'", '>>', '>EOF>', '<%', '%>',
  'foreach %p in @AffectedPackages {', '} else {', 'if ', '${', '$(', '`', 'slack {', 'webhook {', 'url = ', 'body = ', 'text = "', 'sample "s" for package.added {',
  'import "events/deploy.json";', '/*', '*/', '#', '//', '\n', '\r\n', '\r', ' ', '\t', '10s', 'é', '😀', '\u0000', '\ud83d', '\ude00', '\u2028', '\ufeff', '𝔘', 'x',
  '$Coalesce(a, ', '$Secret("', 'when $PackageId == "x" && ', '\n}\n', 'email {\n to = "a@b.c";\n', '  ',
];
function randText(): string {
  const k = rand();
  if (k < 0.55) return pick(INSERTS);
  if (k < 0.75) { let o = ''; const n = 1 + ri(6); for (let i = 0; i < n; i++) o += pick(INSERTS); return o; }
  if (k < 0.85) { let o = ''; const n = 1 + ri(20); for (let i = 0; i < n; i++) o += String.fromCharCode(ri(3) ? ri(0x80) : ri(0x10000)); return o; }
  if (k < 0.88) return rand() < 0.5 ? 'x'.repeat(2000 + ri(20000)) : pick(INSERTS).repeat(100 + ri(3000));
  if (k < 0.9) return pick(['(', '{', '%(', '@(', '$ToJson(', '<% if true { %>', '<% foreach %p in @AffectedPackages { %>', '[', '"${', '$(', 'if true {', '!', '-', '/*']).repeat(2000 + ri(10000));
  if (k < 0.95) return '';
  return pick(files).text.slice(0, ri(3000));
}
function randPos(doc: TextDocument, wild = true): { line: number; character: number } {
  const k = rand();
  if (wild && k < 0.05) return { line: doc.lineCount + ri(3), character: ri(10) };
  const line = ri(doc.lineCount);
  const len = lineLen(doc, line);
  if (wild && k < 0.15) return { line, character: len + 1 + ri(5) };
  return { line, character: ri(len + 1) };
}
function splitPos(doc: TextDocument): { line: number; character: number } | undefined {
  // a position inside a CRLF or a surrogate pair
  const t = doc.getText();
  const cands: number[] = [];
  for (let i = 1; i < t.length && cands.length < 50; i++) {
    const c = t.charCodeAt(i), p = t.charCodeAt(i - 1);
    if ((c === 10 && p === 13) || ((c & 0xfc00) === 0xdc00 && (p & 0xfc00) === 0xd800)) cands.push(i);
  }
  if (!cands.length) return undefined;
  const off = pick(cands);
  // as a raw position: line of off, character = off - lineStart (may be past the line's end for CRLF)
  const lp = doc.positionAt(off);
  const lineStart = doc.offsetAt({ line: lp.line, character: 0 });
  return { line: lp.line, character: off - lineStart };
}

function withCRLF(t: string) { return rand() < 0.3 ? t.replace(/\n/g, '\r\n') : rand() < 0.1 ? t.replace(/\n/g, '\r') : t; }

let docCounter = 0;
let reopens = 0;
async function openNew(): Promise<Shadow> {
  const f = pick(files);
  const uri = pathToFileURL(join(ROOT, 'examples', `__fuzz_${seed}_${docCounter++}.notify`)).href;
  const text = withCRLF((rand() < 0.3 ? 'import "events/deploy.json";\n' : '') + f.text);
  const sh: Shadow = { uri, doc: TextDocument.create(uri, 'notify', 1, text), version: 1, history: new Map([[1, [text]]]), open: true };
  shadows.push(sh);
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'notify', version: 1, text } });
  return sh;
}

const trace: any[] = [];
function upd(doc: TextDocument, changes: any[], v: number): TextDocument {
  return TextDocument.update(TextDocument.create(doc.uri, 'notify', doc.version, doc.getText()), changes, v);
}
function change(sh: Shadow, changes: any[], version: number) {
  trace.push({ before: sh.doc.getText(), changes });
  // one change at a time, each on a fresh copy: TextDocument.update keeps its line offsets edit by edit and miscounts
  // a `\r` and a `\n` that an edit joins (the shadow must be the text, not the copy's own idea of it)
  sh.doc = changes.reduce((d, c) => upd(d, [c], version), sh.doc);
  sh.version = version;
  sh.history.set(version, [...(sh.history.get(version) ?? []), sh.doc.getText()]);
  notify('textDocument/didChange', { textDocument: { uri: sh.uri, version }, contentChanges: changes });
}

function gentleChange(sh: Shadow): any {
  const t = sh.doc.getText();
  const k = rand();
  if (k < 0.5) { const p = randPos(sh.doc, false); return { range: { start: p, end: p }, text: pick([' ', '  ', '\t', '\n', '\r\n', ' \n ']) }; }
  // delete a run of whitespace
  const ws: number[] = [];
  for (let i = 0; i < t.length && ws.length < 200; i += 1 + ri(20)) if (/[ \t\r\n]/.test(t[i]!)) ws.push(i);
  if (!ws.length) return { text: t };
  const at = pick(ws);
  let e = at; while (e < t.length && / |\t/.test(t[e]!) && e - at < 5) e++;
  if (e === at) e = at + 1;
  return { range: { start: sh.doc.positionAt(at), end: sh.doc.positionAt(e) }, text: rand() < 0.5 ? '' : ' ' };
}
let gentle = false;
function randomChange(sh: Shadow): any {
  if (gentle) return gentleChange(sh);
  const k = rand();
  if (k < 0.03) return { text: rand() < 0.3 ? '' : withCRLF(pick(files).text) };
  if (k < 0.05) return { range: { start: { line: 0, character: 0 }, end: { line: sh.doc.lineCount + ri(3), character: ri(100) } }, text: rand() < 0.5 ? '' : randText() };
  let a = randPos(sh.doc), b: any;
  if (rand() < 0.15) { const sp = splitPos(sh.doc); if (sp) a = sp; }
  const kk = rand();
  if (kk < 0.4) b = a;
  else if (kk < 0.8) { const o = sh.doc.offsetAt(a) + ri(40); b = sh.doc.positionAt(o); if (rand() < 0.2) { const sp = splitPos(sh.doc); if (sp) b = sp; } }
  else b = randPos(sh.doc);
  if (rand() < 0.05) [a, b] = [b, a];
  return { range: { start: a, end: b }, text: randText() };
}

const catalogText = readFileSync(join(ROOT, 'examples', 'events', 'deploy.json'), 'utf8');
let catalog: Shadow;
const METHODS = ['workspaceSymbol', 'catalogEdit', 'completion', 'completionItem/resolve', 'hover', 'signatureHelp', 'definition', 'references', 'documentHighlight', 'selectionRange', 'inlayHint', 'documentSymbol', 'foldingRange', 'semanticTokens/full', 'codeAction', 'formatting', 'rangeFormatting', 'rename', 'prepareRename', 'documentLink', 'willRenameFiles'];

function fire(sh: Shadow, m: string): Promise<Msg> & { id: number } {
  const doc = sh.doc;
  let pos = randPos(doc, true);
  if (rand() < 0.1) { const sp = splitPos(doc); if (sp) pos = sp; }
  const textDocument = { uri: sh.uri };
  const chk = (method: string, extra?: any) => (msg: Msg) => { if (sh.doc === doc) checkResult(method, sh, doc, pos, msg.result, extra); };
  switch (m) {
    case 'completion': return request('textDocument/completion', { textDocument, position: pos, context: { triggerKind: 1 } }, chk('textDocument/completion'));
    case 'completionItem/resolve': {
      const it = lastCompletion.length ? pick(lastCompletion) : { label: 'x' };
      return request('completionItem/resolve', it, (msg) => { if (!msg.result || msg.result.label !== it.label) violation('resolve changed label', JSON.stringify(msg.result).slice(0, 200)); });
    }
    case 'hover': return request('textDocument/hover', { textDocument, position: pos }, chk('textDocument/hover'));
    case 'signatureHelp': return request('textDocument/signatureHelp', { textDocument, position: pos, context: { triggerKind: 1, isRetrigger: false } }, chk('textDocument/signatureHelp'));
    case 'definition': return request('textDocument/definition', { textDocument, position: pos }, chk('textDocument/definition'));
    case 'references': return request('textDocument/references', { textDocument, position: pos, context: { includeDeclaration: rand() < 0.5 } }, chk('textDocument/references'));
    case 'documentHighlight': return request('textDocument/documentHighlight', { textDocument, position: pos }, chk('textDocument/documentHighlight'));
    case 'inlayHint': {
      const b = randPos(doc, rand() < 0.2);
      const range = cmp(pos, b) <= 0 ? { start: pos, end: b } : { start: b, end: pos };
      return request('textDocument/inlayHint', { textDocument, range }, chk('textDocument/inlayHint', range));
    }
    case 'selectionRange': return request('textDocument/selectionRange', { textDocument, positions: [pos] }, chk('textDocument/selectionRange'));
    case 'documentSymbol': return request('textDocument/documentSymbol', { textDocument }, chk('textDocument/documentSymbol'));
    case 'foldingRange': return request('textDocument/foldingRange', { textDocument }, chk('textDocument/foldingRange'));
    case 'semanticTokens/full': return request('textDocument/semanticTokens/full', { textDocument }, chk('textDocument/semanticTokens/full'));
    case 'codeAction': {
      // the diagnostics the server publishes for this text (computed here: waiting for the publish would make the run depend on timing)
      const diags = doc.getText().length < 100000 && catalog.doc.getText() === catalogText ? fresh(sh.uri, doc.getText()).diagnostics : [];
      const b = randPos(doc, false);
      const range = cmp(pos, b) <= 0 ? { start: pos, end: b } : { start: b, end: pos };
      const ds = (diags ?? []).filter(() => rand() < 0.5);
      const range2 = ds.length && rand() < 0.7 ? ds[0].range : range;
      return request('textDocument/codeAction', { textDocument, range: range2, context: { diagnostics: ds, triggerKind: 1 } }, chk('textDocument/codeAction'));
    }
    case 'formatting': return request('textDocument/formatting', { textDocument, options: { tabSize: 2 + ri(3), insertSpaces: rand() < 0.8 } }, chk('textDocument/formatting'));
    case 'rangeFormatting': {
      const b = randPos(doc, rand() < 0.2);
      const range = cmp(pos, b) <= 0 ? { start: pos, end: b } : { start: b, end: pos };
      return request('textDocument/rangeFormatting', { textDocument, range, options: { tabSize: 2, insertSpaces: true } }, chk('textDocument/rangeFormatting', range));
    }
    case 'rename': return request('textDocument/rename', { textDocument, position: pos, newName: pick(['x', 'new-name', 'a"b', 'é😀', '$q', '', 'x\ny', '<% if %>', '`']) }, chk('textDocument/rename'));
    case 'prepareRename': return request('textDocument/prepareRename', { textDocument, position: pos }, chk('textDocument/prepareRename'));
    case 'workspaceSymbol': return request('workspace/symbol', { query: pick(['', 'n', 'pack', 'x😀', 'Scan']) }, (msg) => {
      for (const si of msg.result ?? []) { if (typeof si.name !== 'string') violation('workspace symbol shape', JSON.stringify(si)); if (si.location?.uri === sh.uri && si.location.range && sh.doc === doc) checkRange(doc, si.location.range, 'workspace symbol'); }
    });
    case 'catalogEdit': {
      // an open catalog (examples/events/deploy.json) edited at random: its importers are checked again
      const cat = catalog;
      const c = randomChange({ ...cat, doc: cat.doc } as Shadow);
      if (rand() < 0.1) { c.range = undefined; c.text = rand() < 0.5 ? catalogText : '{'; }
      cat.doc = upd(cat.doc, [c], cat.version + 1); cat.version++;
      notify('textDocument/didChange', { textDocument: { uri: cat.uri, version: cat.version }, contentChanges: [c.range ? c : { text: c.text }] });
      return request('textDocument/hover', { textDocument, position: pos }, chk('textDocument/hover'));
    }
    case 'willRenameFiles': {
      // a catalog, the examples' events folder or this document renamed: edits for this document must apply to its text
      const examples = pathToFileURL(join(ROOT, 'examples')).href;
      const [oldUri, newUri] = pick([
        [`${examples}/events/deploy.json`, `${examples}/events/renamed ${pick(['x', '$y', '"q"', '`', 'é😀'])}.json`],
        [`${examples}/events`, `${examples}/moved/events`],
        [sh.uri, `${examples}/sub/dir/${pick(['a', 'b c'])}.notify`],
      ]);
      return request('workspace/willRenameFiles', { files: [{ oldUri, newUri }] }, (msg) => { if (sh.doc === doc && msg.result) checkWorkspaceEdit(sh, { changes: { [sh.uri]: msg.result.changes?.[sh.uri] ?? [] } }, 'willRenameFiles'); });
    }
    case 'documentLink': return request('textDocument/documentLink', { textDocument }, chk('textDocument/documentLink'));
  }
  throw new Error(m);
}

async function timed(p: Promise<Msg>, what: string) {
  let t: NodeJS.Timeout;
  const r = await Promise.race([p, new Promise<undefined>((res) => (t = setTimeout(() => res(undefined), 8000)))]);
  clearTimeout(t!);
  if (r === undefined) violation('no response within 8s', what);
}

async function main() {
  const vsCaps = {
    textDocument: {
      synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
      completion: { dynamicRegistration: true, contextSupport: true, completionItem: { snippetSupport: true, commitCharactersSupport: true, documentationFormat: ['markdown', 'plaintext'], deprecatedSupport: true, preselectSupport: true, tagSupport: { valueSet: [1] }, insertReplaceSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] }, insertTextModeSupport: { valueSet: [1, 2] }, labelDetailsSupport: true }, insertTextMode: 2, completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => i + 1) }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } },
      hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
      signatureHelp: { dynamicRegistration: true, signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true, noActiveParameterSupport: true }, contextSupport: true },
      definition: { dynamicRegistration: true, linkSupport: true },
      references: { dynamicRegistration: true },
      documentHighlight: { dynamicRegistration: true },
      documentSymbol: { dynamicRegistration: true, symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => i + 1) }, hierarchicalDocumentSymbolSupport: true, tagSupport: { valueSet: [1] }, labelSupport: true },
      codeAction: { dynamicRegistration: true, isPreferredSupport: true, disabledSupport: true, dataSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] } }, honorsChangeAnnotations: true },
      codeLens: { dynamicRegistration: true },
      formatting: { dynamicRegistration: true },
      rangeFormatting: { dynamicRegistration: true, rangesSupport: true },
      onTypeFormatting: { dynamicRegistration: true },
      rename: { dynamicRegistration: true, prepareSupport: true, prepareSupportDefaultBehavior: 1, honorsChangeAnnotations: true },
      documentLink: { dynamicRegistration: true, tooltipSupport: true },
      typeDefinition: { dynamicRegistration: true, linkSupport: true },
      implementation: { dynamicRegistration: true, linkSupport: true },
      colorProvider: { dynamicRegistration: true },
      foldingRange: { dynamicRegistration: true, rangeLimit: 5000, lineFoldingOnly: true, foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] }, foldingRange: { collapsedText: false } },
      declaration: { dynamicRegistration: true, linkSupport: true },
      selectionRange: { dynamicRegistration: true },
      callHierarchy: { dynamicRegistration: true },
      semanticTokens: { dynamicRegistration: true, tokenTypes: ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'], tokenModifiers: ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'], formats: ['relative'], requests: { range: true, full: { delta: true } }, multilineTokenSupport: false, overlappingTokenSupport: false, serverCancelSupport: true, augmentsSyntaxTokens: true },
      linkedEditingRange: { dynamicRegistration: true },
      typeHierarchy: { dynamicRegistration: true },
      inlineValue: { dynamicRegistration: true },
      inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } },
      diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
    },
    workspace: { applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'textOnlyTransactional', normalizesLineEndings: true, changeAnnotationSupport: { groupsOnLabel: true } }, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true }, symbol: { dynamicRegistration: true }, executeCommand: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, semanticTokens: { refreshSupport: true }, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true }, diagnostics: { refreshSupport: true }, fileOperations: { dynamicRegistration: true, didCreate: true, didRename: true, didDelete: true, willCreate: true, willRename: true, willDelete: true } },
    window: { showMessage: { messageActionItem: { additionalPropertiesSupport: true } }, showDocument: { support: true }, workDoneProgress: true },
    general: { staleRequestSupport: { cancel: true, retryOnContentModified: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range', 'textDocument/semanticTokens/full/delta'] }, regularExpressions: { engine: 'ECMAScript', version: 'ES2020' }, markdown: { parser: 'marked', version: '1.1.0' }, positionEncodings: ['utf-16'] },
  };
  const root = pathToFileURL(join(ROOT, 'examples')).href;
  const init = await request('initialize', { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'examples' }], capabilities: MINIMAL ? {} : vsCaps, initializationOptions: MINIMAL ? undefined : { clientCommands: ['notify.suggestAt'] } });
  caps = init.result.capabilities;
  LEGEND_TYPES.n = caps.semanticTokensProvider.legend.tokenTypes.length;
  LEGEND_MODS.n = caps.semanticTokensProvider.legend.tokenModifiers.length;
  notify('initialized', {});
  const methods = METHODS.filter((m) => m !== 'rangeFormatting' || caps.documentRangeFormattingProvider).filter((m) => m !== 'documentLink' || caps.documentLinkProvider).filter((m) => m !== 'completionItem/resolve' || caps.completionProvider?.resolveProvider);
  {
    const uri = pathToFileURL(join(ROOT, 'examples', 'events', 'deploy.json')).href;
    catalog = { uri, doc: TextDocument.create(uri, 'json', 1, catalogText), version: 1, history: new Map(), open: true };
    notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: catalogText } });
  }
  let sh = await openNew();
  const started = Date.now();
  for (stepNo = 0; stepNo < STEPS && !exited && Date.now() - started < BUDGET_MS; stepNo++) {
    const k = rand();
    if (pendingFormat && pendingFormat.sh === sh && sh.open) {
      // apply the formatting edits, then ask again: must be idempotent
      const pf = pendingFormat; pendingFormat = undefined;
      change(sh, [{ text: pf.text }], sh.version + 1);
      const doc = sh.doc;
      const m = pf.method;
      const params: any = { textDocument: { uri: sh.uri }, options: { tabSize: 2, insertSpaces: true } };
      if (m === 'textDocument/rangeFormatting') { const before = pf.before!; const st = before.offsetAt(pf.range.start), en = before.offsetAt(pf.range.end) + doc.getText().length - before.getText().length; params.range = { start: doc.positionAt(st), end: doc.positionAt(en) }; }
      await timed(request(m, params, (msg) => { if (sh.doc === doc && msg.result?.length) { const again = TextDocument.applyEdits(doc, msg.result); if (again !== doc.getText()) violation(`${m} not idempotent`, JSON.stringify(msg.result).slice(0, 300) + '\nTEXT:\n' + doc.getText().slice(0, 300)); } }), m);
      continue;
    }
    if (k < 0.005) {
      // a client that sends didOpen again without a didClose (same version, or another): the new text is the document
      const text = rand() < 0.5 ? withCRLF(pick(files).text) : sh.doc.getText().slice(0, ri(sh.doc.getText().length + 1));
      const v = rand() < 0.5 ? sh.version : ri(sh.version + 2);
      // (a publish for the old text may still be on its way: its texts of the same version stay acceptable)
      sh.doc = TextDocument.create(sh.uri, 'notify', v, text); sh.version = v; sh.history = new Map([[v, [...(sh.history.get(v) ?? []), text]]]); sh.closedAt = Date.now(); lastDiags.delete(sh.uri);
      notify('textDocument/didOpen', { textDocument: { uri: sh.uri, languageId: 'notify', version: v, text } });
      if (rand() < 0.5) {
        // asked, then opened once more at the same version with another text: answers come from that text
        await timed(fire(sh, 'documentSymbol'), 'documentSymbol');
        const again = withCRLF(pick(files).text).slice(0, ri(2000));
        sh.doc = TextDocument.create(sh.uri, 'notify', v, again); sh.history.get(v)!.push(again);
        notify('textDocument/didOpen', { textDocument: { uri: sh.uri, languageId: 'notify', version: v, text: again } });
        await timed(fire(sh, pick(['documentSymbol', 'foldingRange', 'semanticTokens/full'])), 'after a second didOpen');
      }
      continue;
    }
    if (k < 0.008) {
      // documents never opened (or another scheme): changes and closes are ignored, requests answered empty
      const uri = pick([pathToFileURL(join(ROOT, 'examples', `__never_${seed}.notify`)).href, 'untitled:Untitled-7', sh.uri.replace('.notify', '.NOTIFY%20x.notify')]);
      notify('textDocument/didChange', { textDocument: { uri, version: 1 + ri(9) }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
      if (rand() < 0.5) notify('textDocument/didClose', { textDocument: { uri } });
      await timed(request('textDocument/documentSymbol', { textDocument: { uri } }, (msg) => { if (msg.result !== null && !(Array.isArray(msg.result) && msg.result.length === 0)) violation('answer for a document never opened', JSON.stringify(msg.result).slice(0, 200)); }), 'never opened');
      continue;
    }
    if (k < 0.01) { sh = rand() < 0.5 ? await openNew() : pick(shadows.filter((x) => x.open)); continue; }
    if (k < 0.02) { // close & reopen
      notify('textDocument/didClose', { textDocument: { uri: sh.uri } });
      sh.open = false; sh.closedAt = Date.now(); lastDiags.delete(sh.uri);
      if (rand() < 0.5) {
        const text = rand() < 0.5 ? sh.doc.getText() : withCRLF(pick(files).text);
        const v = 100000 * ++reopens + ri(5);
        sh.doc = TextDocument.create(sh.uri, 'notify', v, text); sh.version = v; sh.history = new Map([[v, [text]]]); sh.open = true;
        notify('textDocument/didOpen', { textDocument: { uri: sh.uri, languageId: 'notify', version: v, text } });
      } else sh = await openNew();
      continue;
    }
    if (k < 0.03) { gentle = !gentle; if (gentle) change(sh, [{ text: withCRLF(pick(files).text) }], sh.version + 1); continue; }
    if (k < 0.5) {
      const n = rand() < 0.8 ? 1 : 1 + ri(4);
      const changes = [];
      // each change applies to the text after the previous: build with a temp doc
      let tmp = sh.doc;
      if (rand() < 0.03) {
        // a multi-cursor edit: 64 or more edits in one didChange, the last cursor first (the server applies such a run in one pass)
        let prev = tmp.getText().length;
        for (let i = 0, m = 64 + ri(100); i < m && prev > 0; i++) {
          const o = Math.max(0, prev - 1 - ri(60));
          const c = { range: { start: tmp.positionAt(o), end: tmp.positionAt(Math.min(prev, o + ri(3))) }, text: pick(['x', '', ' ', '\n', '\r\n', '\r', '$', '"', '😀', '/*', '*/']) };
          changes.push(c); tmp = upd(tmp, [c], 0); prev = o;
        }
      } else for (let i = 0; i < n; i++) { const c = randomChange({ ...sh, doc: tmp }); changes.push(c); tmp = upd(tmp, [c], 0); }
      const v = rand() < 0.9 ? sh.version + 1 : rand() < 0.5 ? sh.version + 1 + ri(100) : sh.version;
      change(sh, changes, v);
      if (sh.doc.getText().length > 400000) change(sh, [{ text: pick(files).text }], sh.version + 1);
      if (rand() < 0.5) continue;
    }
    // requests: a burst, some cancelled
    const n = 1 + ri(4);
    const ps: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const m = pick(methods);
      const p = fire(sh, m);
      if (rand() < 0.15) {
        cancelled.add(p.id);
        notify('$/cancelRequest', { id: p.id });
      }
      ps.push(timed(p, m));
    }
    await Promise.all(ps);
    if (stepNo % 50 === 0) {
      // checkpoint: diagnostics for the current version must arrive and match a fresh analysis
      await Promise.all(ps);
      const want = sh.version;
      const t0 = Date.now();
      while (lastDiags.get(sh.uri)?.version !== want && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 10));
      const got = lastDiags.get(sh.uri);
      if (got?.version !== want) violation('no diagnostics for current version', `${want} got ${got?.version}`);
      else if (sh.history.get(want)!.length === 1 && !MINIMAL && catalog.doc.getText() === catalogText) {
        const f = fresh(sh.uri, sh.doc.getText());
        const plain = (x: unknown) => JSON.stringify(x);
        if (plain(f.diagnostics) !== plain(got.diagnostics)) violation('diagnostics differ from fresh analysis (exact)', `${plain(f.diagnostics).slice(0, 300)}\nvs\n${plain(got.diagnostics).slice(0, 300)}`);
        const [tok, sym] = await Promise.all([request('textDocument/semanticTokens/full', { textDocument: { uri: sh.uri } }), request('textDocument/documentSymbol', { textDocument: { uri: sh.uri } })]);
        if (sh.history.get(want)!.length === 1 && sh.version === want) {
          if (plain(tok.result?.data) !== plain(f.tokens)) violation('semantic tokens differ from fresh analysis', '');
          if (plain(sym.result) !== plain(f.symbols)) violation('symbols differ from fresh analysis', '');
        }
      }
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  for (const [id, p] of pending) violation('never answered', `${id} ${p.method}`);
  console.log(`seed ${seed} ${MINIMAL ? 'minimal' : 'vscode'}: ${stepNo} steps in ${Date.now() - started} ms, ${violations.length} violations, ${seen.size} kinds, ${formatted} formattings`);
  console.log('max latency', JSON.stringify([...maxLatency].sort((a, b) => b[1] - a[1]).slice(0, 5)));
  if (stderr.trim()) console.log('stderr:', stderr.slice(0, 2000));
  console.log('RESULT ' + JSON.stringify({ steps: stepNo, violations: violations.slice(0, 50), formatted, cancelledAnswered }));
  proc.kill();
  process.exit(0);
}
main();
