/**
 * A small regular-expression engine for `$MatchesRegex` and `$RegexReplace`.
 *
 * Why not `RegExp`: a JavaScript RegExp backtracks, so a pattern such as
 * `(a+)+$` on a long input can run for minutes, and pure code cannot
 * interrupt it. A `.notify` file from a cloned repository must not be able to
 * hang the editor or the CLI. This engine compiles the pattern to a program
 * and runs it as a Pike VM (Thompson NFA simulation with submatch tracking):
 * every input position is visited once per program instruction at most, so
 * the work is O(input length × pattern size), never exponential. A step
 * budget bounds even that, deterministically (no clock).
 *
 * Syntax: JavaScript's, without the features that need backtracking:
 * literals, `.`, classes `[a-z]` `[^…]`, `\d \w \s \D \W \S \b \B`,
 * escapes `\n \r \t \f \v \0 \xHH \uHHHH`, anchors `^ $` (whole input),
 * groups `( )`, `(?: )`, `(?<name> )`, alternation `|`, quantifiers
 * `* + ? {n} {n,} {n,m}` and their lazy forms. Matching is case-sensitive
 * on UTF-16 code units, like a RegExp without flags. Backreferences and
 * lookaround are rejected with a clear error.
 */

export class RegexError extends Error {
  override readonly name = 'RegexError';
}

/** Thrown when a match needs more steps than its budget. */
export class RegexBudgetError extends RegexError {}

export interface RegexMatch {
  readonly index: number;
  readonly end: number;
  /** Group 0 is the whole match; undefined for a group that did not take part. */
  readonly groups: readonly (string | undefined)[];
  readonly named: ReadonlyMap<string, number>;
}

export interface CompiledRegex {
  readonly source: string;
  readonly groupCount: number;
  readonly named: ReadonlyMap<string, number>;
  /** The leftmost match at or after `from` (JavaScript's leftmost-first choice), or undefined. */
  exec(input: string, from: number, budget: StepBudget): RegexMatch | undefined;
}

/** Shared by all matches of one call, so a replace-all cannot multiply its budget. */
export interface StepBudget {
  remaining: number;
}

/** Largest compiled program, after `{n,m}` are expanded. */
const MAX_PROGRAM = 10_000;
const MAX_PATTERN = 2_000;

// ------------------------------------------------------------------ char sets

/** Sorted inclusive ranges of UTF-16 code units. */
type Ranges = readonly (readonly [number, number])[];

interface CharSet {
  readonly ranges: Ranges;
  readonly negated: boolean;
}

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

function inRanges(ranges: Ranges, c: number): boolean {
  for (const [lo, hi] of ranges) if (c >= lo && c <= hi) return true;
  return false;
}

function complement(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function matchesSet(set: CharSet, c: number): boolean {
  return inRanges(set.ranges, c) !== set.negated;
}

function isWordAt(input: string, i: number): boolean {
  return i >= 0 && i < input.length && inRanges(WORD, input.charCodeAt(i));
}

// ------------------------------------------------------------------ parser

type AssertKind = 'bol' | 'eol' | 'wordBoundary' | 'notWordBoundary';

type Node =
  | { readonly t: 'char'; readonly set: CharSet }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly alts: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly t: 'group'; readonly node: Node; readonly index: number | undefined }
  | { readonly t: 'assert'; readonly kind: AssertKind };

class Parser {
  pos = 0;
  groupCount = 0;
  readonly named = new Map<string, number>();
  constructor(private readonly src: string) {}

  fail(message: string): never {
    throw new RegexError(`invalid regular expression /${this.src}/: ${message} (at ${this.pos})`);
  }

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) this.fail(this.src[this.pos] === ')' ? 'unmatched ")"' : `unexpected "${this.src[this.pos]}"`);
    return node;
  }

  private alternation(): Node {
    const alts = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return atom; // a `{` that starts no quantifier is a literal, as in JavaScript
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) this.fail('numbers out of order in {} quantifier');
      if (min > 1000 || (max !== Infinity && max > 1000)) this.fail('repetition counts above 1000 are not supported');
      this.pos += m[0].length - 1;
    } else return atom;
    if (atom.t === 'assert') this.fail('nothing to repeat');
    this.pos++;
    let greedy = true;
    if (this.src[this.pos] === '?') {
      greedy = false;
      this.pos++;
    }
    const next = this.src[this.pos];
    if (next === '*' || next === '+' || next === '?' || (next === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos)))) this.fail('nothing to repeat');
    return { t: 'rep', node: atom, min, max, greedy };
  }

  private atom(): Node {
    const c = this.src[this.pos]!;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return { t: 'char', set: this.charClass() };
      case '.':
        this.pos++;
        return { t: 'char', set: { ranges: LINE_TERMINATORS, negated: true } };
      case '^':
        this.pos++;
        return { t: 'assert', kind: 'bol' };
      case '$':
        this.pos++;
        return { t: 'assert', kind: 'eol' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        this.fail('nothing to repeat');
      // falls through: fail never returns
      default:
        if (c === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) this.fail('nothing to repeat');
        this.pos++;
        return literal(c.charCodeAt(0));
    }
  }

  private group(): Node {
    this.pos++; // (
    let index: number | undefined;
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (this.src.startsWith('?=', this.pos) || this.src.startsWith('?!', this.pos) || this.src.startsWith('?<=', this.pos) || this.src.startsWith('?<!', this.pos))
      this.fail('lookahead and lookbehind are not supported (they need backtracking)');
    else if (this.src.startsWith('?<', this.pos)) {
      const m = /^\?<([A-Za-z_$][A-Za-z0-9_$]*)>/.exec(this.src.slice(this.pos));
      if (!m) this.fail('invalid group name');
      if (this.named.has(m[1]!)) this.fail(`duplicate group name "${m[1]}"`);
      index = ++this.groupCount;
      this.named.set(m[1]!, index);
      this.pos += m[0].length;
    } else if (this.src[this.pos] === '?') this.fail('invalid group');
    else index = ++this.groupCount;
    const node = this.alternation();
    if (this.src[this.pos] !== ')') this.fail('unterminated group');
    this.pos++;
    return { t: 'group', node, index };
  }

  private escape(): Node {
    this.pos++; // backslash
    const c = this.src[this.pos];
    if (c === undefined) this.fail('\\ at end of pattern');
    if (c === 'b' || c === 'B') {
      this.pos++;
      return { t: 'assert', kind: c === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    }
    if (/[1-9]/.test(c) || c === 'k') this.fail('backreferences are not supported (they need backtracking)');
    const set = this.escapeSet(false);
    return { t: 'char', set };
  }

  /** After a backslash: a class escape or a single character. `inClass`: `\b` is backspace. */
  private escapeSet(inClass: boolean): CharSet {
    const c = this.src[this.pos]!;
    this.pos++;
    switch (c) {
      case 'd':
        return { ranges: DIGIT, negated: false };
      case 'D':
        return { ranges: DIGIT, negated: true };
      case 'w':
        return { ranges: WORD, negated: false };
      case 'W':
        return { ranges: WORD, negated: true };
      case 's':
        return { ranges: SPACE, negated: false };
      case 'S':
        return { ranges: SPACE, negated: true };
      default:
        return literal(this.escapedChar(c, inClass)).set;
    }
  }

  private escapedChar(c: string, inClass: boolean): number {
    switch (c) {
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'f':
        return 0x0c;
      case 'v':
        return 0x0b;
      case '0':
        if (/[0-9]/.test(this.src[this.pos] ?? '')) this.fail('octal escapes are not supported');
        return 0;
      case 'b':
        if (inClass) return 0x08;
        break;
      case 'x': {
        const hex = this.src.slice(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('\\x needs two hex digits');
        this.pos += 2;
        return parseInt(hex, 16);
      }
      case 'u': {
        const hex = this.src.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('\\u needs four hex digits');
        this.pos += 4;
        return parseInt(hex, 16);
      }
      case 'c':
      case 'p':
      case 'P':
        this.fail(`\\${c} escapes are not supported`);
    }
    if (/[A-Za-z0-9]/.test(c)) this.fail(`unknown escape \\${c}`);
    return c.charCodeAt(0);
  }

  private charClass(): CharSet {
    this.pos++; // [
    let negated = false;
    if (this.src[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: (readonly [number, number])[] = [];
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unterminated character class');
      if (this.src[this.pos] === ']') {
        this.pos++;
        break;
      }
      const lo = this.classAtom();
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const hi = this.classAtom();
        if (typeof lo !== 'number' || typeof hi !== 'number') this.fail('a class escape cannot bound a range');
        if (hi < lo) this.fail('range out of order in character class');
        ranges.push([lo, hi]);
      } else if (typeof lo === 'number') ranges.push([lo, lo]);
      else ranges.push(...(lo.negated ? complement(lo.ranges) : lo.ranges));
    }
    return { ranges, negated };
  }

  private classAtom(): number | CharSet {
    const c = this.src[this.pos]!;
    if (c !== '\\') {
      this.pos++;
      return c.charCodeAt(0);
    }
    this.pos++;
    if (this.pos >= this.src.length) this.fail('\\ at end of pattern');
    const set = this.escapeSet(true);
    return !set.negated && set.ranges.length === 1 && set.ranges[0]![0] === set.ranges[0]![1] ? set.ranges[0]![0] : set;
  }
}

function literal(code: number): { t: 'char'; set: CharSet } {
  return { t: 'char', set: { ranges: [[code, code]], negated: false } };
}

// ------------------------------------------------------------------ compiler

type Inst =
  | { op: 'char'; set: CharSet }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; kind: AssertKind }
  | { op: 'match' };

class Compiler {
  readonly prog: Inst[] = [];

  emit(inst: Inst): number {
    if (this.prog.length >= MAX_PROGRAM) throw new RegexError('regular expression is too large once its repetitions are expanded');
    this.prog.push(inst);
    return this.prog.length - 1;
  }

  node(n: Node): void {
    switch (n.t) {
      case 'char':
        this.emit({ op: 'char', set: n.set });
        return;
      case 'assert':
        this.emit({ op: 'assert', kind: n.kind });
        return;
      case 'seq':
        for (const item of n.items) this.node(item);
        return;
      case 'group':
        if (n.index !== undefined) this.emit({ op: 'save', slot: 2 * n.index });
        this.node(n.node);
        if (n.index !== undefined) this.emit({ op: 'save', slot: 2 * n.index + 1 });
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.alts.forEach((alt, i) => {
          if (i < n.alts.length - 1) {
            const split = this.emit({ op: 'split', x: 0, y: 0 });
            (this.prog[split] as { x: number }).x = split + 1;
            this.node(alt);
            jumps.push(this.emit({ op: 'jmp', x: 0 }));
            (this.prog[split] as { y: number }).y = this.prog.length;
          } else this.node(alt);
        });
        for (const j of jumps) (this.prog[j] as { x: number }).x = this.prog.length;
        return;
      }
      case 'rep': {
        for (let i = 0; i < n.min; i++) this.node(n.node);
        if (n.max === Infinity) {
          const split = this.emit({ op: 'split', x: 0, y: 0 });
          this.node(n.node);
          this.emit({ op: 'jmp', x: split });
          this.setSplit(split, split + 1, this.prog.length, n.greedy);
        } else {
          const splits: number[] = [];
          for (let i = n.min; i < n.max; i++) {
            const split = this.emit({ op: 'split', x: 0, y: 0 });
            splits.push(split);
            this.node(n.node);
          }
          for (const s of splits) this.setSplit(s, s + 1, this.prog.length, n.greedy);
        }
        return;
      }
    }
  }

  private setSplit(at: number, body: number, out: number, greedy: boolean): void {
    this.prog[at] = greedy ? { op: 'split', x: body, y: out } : { op: 'split', x: out, y: body };
  }
}

// ------------------------------------------------------------------ VM

interface Thread {
  readonly pc: number;
  readonly caps: Int32Array;
}

class Program implements CompiledRegex {
  private readonly mark: Int32Array;
  private generation = 0;

  constructor(
    readonly source: string,
    private readonly prog: readonly Inst[],
    readonly groupCount: number,
    readonly named: ReadonlyMap<string, number>,
  ) {
    this.mark = new Int32Array(prog.length);
    this.first = firstChars(prog);
    this.anchored = anchoredAtStart(prog);
  }

  /** The sets one of which the first character of any match is in; undefined when a match may be empty. */
  private readonly first: readonly CharSet[] | undefined;
  /** Every match starts with `^`: only position 0 can start one. */
  private readonly anchored: boolean;

  exec(input: string, from: number, budget: StepBudget): RegexMatch | undefined {
    // marks are Int32: start the generations over long before they could wrap
    if (this.generation > 0x3fffffff - input.length - 2) {
      this.mark.fill(0);
      this.generation = 0;
    }
    const slots = 2 * (this.groupCount + 1);
    const empty = new Int32Array(slots).fill(-1);
    let matched: Int32Array | undefined;
    let clist: Thread[] = [];
    let gen = ++this.generation;
    for (let pos = from; pos <= input.length; pos++) {
      if (!matched && clist.length === 0) {
        // no match in progress: skip positions where none can start (cheap steps, still counted)
        if (this.anchored && pos > 0) break;
        if (this.first) {
          const first = this.first;
          const start = pos;
          while (pos < input.length && !first.some((set) => matchesSet(set, input.charCodeAt(pos)))) pos++;
          this.spend(budget, Math.ceil((pos - start) / 8));
          if (pos === input.length) break; // a match needs at least one character
          if (pos !== start) gen = ++this.generation;
        }
      }
      if (!matched) this.addThread(clist, 0, empty, input, pos, gen, budget);
      if (clist.length === 0) {
        // nothing can start here (e.g. a failed \b): try the next position, with fresh marks
        gen = ++this.generation;
        continue;
      }
      const nlist: Thread[] = [];
      const nextGen = ++this.generation;
      const code = pos < input.length ? input.charCodeAt(pos) : -1;
      for (const t of clist) {
        this.spend(budget, 1);
        const inst = this.prog[t.pc]!;
        if (inst.op === 'match') {
          matched = t.caps;
          break; // threads after this one have lower priority
        }
        if (inst.op === 'char' && code >= 0 && matchesSet(inst.set, code)) this.addThread(nlist, t.pc + 1, t.caps, input, pos + 1, nextGen, budget);
      }
      clist = nlist;
      gen = nextGen;
      if (matched && clist.length === 0) break;
    }
    if (!matched) return undefined;
    const caps = matched;
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= this.groupCount; g++) {
      const s = caps[2 * g]!;
      const e = caps[2 * g + 1]!;
      groups.push(s >= 0 && e >= 0 ? input.slice(s, e) : undefined);
    }
    return { index: caps[0]!, end: caps[1]!, groups, named: this.named };
  }

  private spend(budget: StepBudget, n: number): void {
    budget.remaining -= n;
    if (budget.remaining < 0) throw new RegexBudgetError(`the regular expression /${this.source}/ needs too many steps on this input; simplify the pattern or match a shorter text`);
  }

  /** Follows jumps, splits, saves and assertions (in priority order) to the threads that consume input or match. */
  private addThread(list: Thread[], pc0: number, caps0: Int32Array, input: string, pos: number, gen: number, budget: StepBudget): void {
    const stack: Thread[] = [{ pc: pc0, caps: caps0 }];
    while (stack.length) {
      const { pc, caps } = stack.pop()!;
      if (this.mark[pc] === gen) continue;
      this.mark[pc] = gen;
      this.spend(budget, 1);
      const inst = this.prog[pc]!;
      switch (inst.op) {
        case 'jmp':
          stack.push({ pc: inst.x, caps });
          break;
        case 'split':
          stack.push({ pc: inst.y, caps }, { pc: inst.x, caps });
          break;
        case 'save': {
          const copy = caps.slice();
          copy[inst.slot] = pos;
          stack.push({ pc: pc + 1, caps: copy });
          break;
        }
        case 'assert':
          if (assertHolds(inst.kind, input, pos)) stack.push({ pc: pc + 1, caps });
          break;
        default:
          list.push({ pc, caps });
      }
    }
  }
}

/** Follows every epsilon path from the start; assertions are passed through (a superset is fine for a filter). */
function firstChars(prog: readonly Inst[]): CharSet[] | undefined {
  const sets: CharSet[] = [];
  const seen = new Set<number>();
  const stack = [0];
  while (stack.length) {
    const pc = stack.pop()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const inst = prog[pc]!;
    switch (inst.op) {
      case 'match':
        return undefined;
      case 'char':
        sets.push(inst.set);
        break;
      case 'jmp':
        stack.push(inst.x);
        break;
      case 'split':
        stack.push(inst.x, inst.y);
        break;
      default:
        stack.push(pc + 1);
    }
  }
  return sets;
}

function anchoredAtStart(prog: readonly Inst[]): boolean {
  const seen = new Set<number>();
  const stack = [0];
  while (stack.length) {
    const pc = stack.pop()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const inst = prog[pc]!;
    if (inst.op === 'assert' && inst.kind === 'bol') continue; // this path is anchored
    if (inst.op === 'char' || inst.op === 'match') return false;
    if (inst.op === 'jmp') stack.push(inst.x);
    else if (inst.op === 'split') stack.push(inst.x, inst.y);
    else stack.push(pc + 1);
  }
  return true;
}

function assertHolds(kind: AssertKind, input: string, pos: number): boolean {
  switch (kind) {
    case 'bol':
      return pos === 0;
    case 'eol':
      return pos === input.length;
    case 'wordBoundary':
      return isWordAt(input, pos - 1) !== isWordAt(input, pos);
    case 'notWordBoundary':
      return isWordAt(input, pos - 1) === isWordAt(input, pos);
  }
}

const cache = new Map<string, CompiledRegex>();

/** Compiles a pattern; throws `RegexError` naming the problem. Compiled patterns are cached. */
export function compileRegex(pattern: string): CompiledRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  if (pattern.length > MAX_PATTERN) throw new RegexError(`regular expression is too long (${pattern.length} characters; at most ${MAX_PATTERN})`);
  const parser = new Parser(pattern);
  const tree = parser.parse();
  const c = new Compiler();
  c.emit({ op: 'save', slot: 0 });
  c.node(tree);
  c.emit({ op: 'save', slot: 1 });
  c.emit({ op: 'match' });
  const compiled = new Program(pattern, c.prog, parser.groupCount, parser.named);
  if (cache.size >= 200) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

/** Is there a match anywhere in `input` (unanchored)? */
export function regexTest(pattern: string, input: string, budget: StepBudget): boolean {
  return compileRegex(pattern).exec(input, 0, budget) !== undefined;
}

/**
 * Replaces every match, expanding `$1`…`$99`, `$<name>`, `$&`, `` $` ``,
 * `$'` and `$$` in the replacement as JavaScript's `String.replace` does.
 */
export function regexReplaceAll(input: string, pattern: string, replacement: string, budget: StepBudget): string {
  const re = compileRegex(pattern);
  let out = '';
  let last = 0;
  let pos = 0;
  while (pos <= input.length) {
    const m = re.exec(input, pos, budget);
    if (!m) break;
    out += input.slice(last, m.index) + expandReplacement(replacement, m, input, re.groupCount);
    last = m.end;
    pos = m.end === m.index ? m.end + 1 : m.end;
  }
  return out + input.slice(last);
}

function expandReplacement(replacement: string, m: RegexMatch, input: string, groupCount: number): string {
  if (!replacement.includes('$')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    const n = replacement[i + 1];
    if (c !== '$' || n === undefined) {
      out += c;
      continue;
    }
    if (n === '$') {
      out += '$';
      i++;
    } else if (n === '&') {
      out += m.groups[0];
      i++;
    } else if (n === '`') {
      out += input.slice(0, m.index);
      i++;
    } else if (n === "'") {
      out += input.slice(m.end);
      i++;
    } else if (/[0-9]/.test(n)) {
      const two = replacement.slice(i + 1, i + 3);
      if (/^[0-9]{2}$/.test(two) && Number(two) >= 1 && Number(two) <= groupCount) {
        out += m.groups[Number(two)] ?? '';
        i += 2;
      } else if (Number(n) >= 1 && Number(n) <= groupCount) {
        out += m.groups[Number(n)] ?? '';
        i++;
      } else out += c;
    } else if (n === '<' && m.named.size > 0) {
      const close = replacement.indexOf('>', i + 2);
      if (close < 0) {
        out += c;
        continue;
      }
      const g = m.named.get(replacement.slice(i + 2, close));
      out += g === undefined ? '' : (m.groups[g] ?? '');
      i = close;
    } else out += c;
  }
  return out;
}
