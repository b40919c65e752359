/**
 * Syntax error messages in the words of the language, not token dumps: what
 * was expected where (by grammar rule), and what was found instead.
 */
import { quotedKinds } from '../channels/registry';
import { TT as T } from './tokenTypes';
import type { LexToken, TokenType } from './tokenTypes';

/** What the end of the input is called in messages (a template expression is not a file). */
let endOfInputName = 'the end of the file';

export function withEndOfInputName<R>(name: string, f: () => R): R {
  const saved = endOfInputName;
  endOfInputName = name;
  try {
    return f();
  } finally {
    endOfInputName = saved;
  }
}

function clip(s: string): string {
  const line = s.split(/\r?\n/)[0] ?? '';
  return line.length > 30 ? `${line.slice(0, 27)}…` : line;
}

/** How a found token is named in a message. */
export function describeToken(t: LexToken | undefined): string {
  if (!t || t.tokenType === T.EOF) return endOfInputName;
  switch (t.tokenType) {
    case T.StringLit:
      return 'a string';
    case T.NumberLit:
      return `the number ${t.image}`;
    case T.DurationLit:
      return `the duration ${t.image}`;
    case T.Unquoted:
      return `\`${clip(t.image)}\``;
    default:
      return `\`${clip(t.image)}\``;
  }
}

/** How every message about junk between top-level items starts. */
export const TOP_LEVEL_EXPECTATION = 'Expected `notifier`, `sample` or `import`';

const VALUE_WORDS = 'a value (a string, number, duration, `true`/`false`, a variable, a call, `@(…)` or `%(…)`)';

function expectedWhat(expected: TokenType, rule: string): string {
  switch (expected) {
    case T.Semi:
      switch (rule) {
        case 'property':
          return "';' after the property value";
        case 'whenClause':
          return "';' after the condition";
        case 'onClause':
          return "';' (or ',' and another event) after the event name";
        case 'importDecl':
          return "';' after the import path";
        case 'assignment':
          return "';' after the value";
      }
      return "';'";
    case T.RCurly:
      switch (rule) {
        case 'channelBlock':
          return "'}' to close the channel block";
        case 'notifierDecl':
          return "'}' to close the notifier";
        case 'sampleDecl':
          return "'}' to close the sample";
      }
      return "'}'";
    case T.LCurly:
      switch (rule) {
        case 'channelBlock':
          return "'{' after the channel kind";
        case 'notifierDecl':
          return "'{' after the notifier's name";
        case 'sampleDecl':
          return "'{' after the sample's event";
      }
      return "'{'";
    case T.RParen:
      switch (rule) {
        case 'callExpr':
          return "')' to close the argument list (or ',' and another argument)";
        case 'listExpr':
          return "')' to close the list (or ',' and another item)";
        case 'mapExpr':
          return "')' to close the map (or ',' and another entry)";
        case 'parenExpr':
          return "')' to close the parenthesis";
      }
      return "')'";
    case T.RBracket:
      return "']' to close the index";
    case T.Eq:
      return rule === 'assignment' ? "'=' after the variable" : "'=' after the property name";
    case T.Colon:
      return "':' after the map key";
    case T.Name:
      if (rule === 'eventName') return 'an event name such as `package.added`';
      if (rule === 'suffix') return "a name after '.'";
      if (rule === 'property') return 'a property name';
      return 'a name';
    case T.StringLit:
      return 'a string';
    case T.For:
      return '`for` and the event after the sample\'s name';
    case T.Variable:
      return 'a variable to set, e.g. `$PackageId = "x";`';
    case T.EOF:
      return rule === 'file' ? TOP_LEVEL_EXPECTATION.slice('Expected '.length) : endOfInputName;
  }
  return expected.LABEL ?? expected.name;
}

function noViableWhat(rule: string): string {
  switch (rule) {
    case 'item':
      return TOP_LEVEL_EXPECTATION.slice('Expected '.length);
    case 'clause':
      return `\`on\`, \`when\` or a channel (${quotedKinds()})`;
    case 'nameString':
      return 'a name in quotes, e.g. "Deploy alerts"';
    case 'mapEntry':
      return 'a map key (a name or a string) followed by \':\'';
    case 'suffix':
      return "a name after '.'";
    default:
      return VALUE_WORDS;
  }
}

/** `expected` was required, `actual` found, in grammar rule `rule`. */
export function mismatchMessage(expected: TokenType, actual: LexToken, rule: string): string {
  return `Expected ${expectedWhat(expected, rule)}, found ${describeToken(actual)}`;
}

/** None of the alternatives of `rule` starts with `actual`. */
export function noViableAltMessage(actual: LexToken, rule: string): string {
  return `Expected ${noViableWhat(rule)}, found ${describeToken(actual)}`;
}
