/**
 * The grammar of spec sections 2 and 3 as a chevrotain CST parser with error
 * recovery on. Recovery keeps partial nodes (a property without its `;`, a
 * notifier without its `}`), which ./toAst turns into a tree with missing
 * pieces. Every repetition goes through a wrapper rule (`item`, `clause`,
 * `suffix`, …) so the CST keeps source order without sorting by offsets.
 */
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import { TT as T } from './tokenTypes';
import { errorMessageProvider } from './messages';

/** chevrotain internals used below (not in its typings). */
interface CstInternals {
  CST_STACK: CstNode[];
  cstPostNonTerminal(result: CstNode, ruleName: string): void;
}
const attachChild = (CstParser.prototype as unknown as CstInternals).cstPostNonTerminal;

class NotifyCstParser extends CstParser {
  /** When set, receives each top-level item's CST instead of the file node (see parseFileTokens). */
  onItem: ((item: CstNode) => void) | undefined = undefined;

  constructor() {
    super(T.ALL_TOKEN_TYPES, {
      recoveryEnabled: true,
      nodeLocationTracking: 'none',
      errorMessageProvider,
      maxLookahead: 2,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  item = this.RULE('item', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.notifierDecl) },
      { ALT: () => this.SUBRULE(this.sampleDecl) },
    ]);
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.SUBRULE(this.nameString);
    this.CONSUME(T.Semi);
  });

  /** A declaration's name or path: a string, or unquoted text (NTF004). */
  nameString = this.RULE('nameString', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLit) }, { ALT: () => this.CONSUME(T.Unquoted) }]);
  });

  notifierDecl = this.RULE('notifierDecl', () => {
    this.CONSUME(T.Notifier);
    this.SUBRULE(this.nameString);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.clause));
    this.CONSUME(T.RCurly);
  });

  clause = this.RULE('clause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.onClause) },
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => this.SUBRULE(this.channelBlock) },
      { ALT: () => this.SUBRULE(this.unknownBlock) },
      { ALT: () => this.SUBRULE(this.strayProperty) },
    ]);
  });

  /** `webhok { … }`: a misspelt channel; read so the rest of the notifier survives. */
  unknownBlock = this.RULE('unknownBlock', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.property));
    this.CONSUME(T.RCurly);
  });

  /** `url = …;` directly in a notifier: the channel block is missing. */
  strayProperty = this.RULE('strayProperty', () => {
    this.SUBRULE(this.property);
  });

  onClause = this.RULE('onClause', () => {
    this.CONSUME(T.On);
    this.SUBRULE(this.eventName);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.eventName);
    });
    this.CONSUME(T.Semi);
  });

  eventName = this.RULE('eventName', () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  channelBlock = this.RULE('channelBlock', () => {
    this.CONSUME(T.ChannelKw);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.property));
    this.CONSUME(T.RCurly);
  });

  property = this.RULE('property', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  sampleDecl = this.RULE('sampleDecl', () => {
    this.CONSUME(T.Sample);
    this.SUBRULE(this.nameString);
    this.CONSUME(T.For);
    this.SUBRULE(this.eventName);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.assignment));
    this.CONSUME(T.RCurly);
  });

  assignment = this.RULE('assignment', () => {
    // A bare name is read too, to report the missing sigil with a fix.
    this.OR([{ ALT: () => this.CONSUME(T.Variable) }, { ALT: () => this.CONSUME(T.Name) }]);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semi);
  });

  // ------------------------------------------------------------ expressions

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpr);
  });

  orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.OrOp);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.AndOp);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Bang);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.compareExpr) },
    ]);
  });

  /** Parsed as a repetition so that `a == b == c` gets a clear message (./toAst). */
  compareExpr = this.RULE('compareExpr', () => {
    this.SUBRULE(this.postfixExpr);
    this.MANY(() => {
      this.CONSUME(T.CompareOp);
      this.SUBRULE2(this.postfixExpr);
    });
  });

  postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.suffix));
  });

  suffix = this.RULE('suffix', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.DurationLit) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.Unquoted) },
      { ALT: () => this.CONSUME(T.Variable) },
      { ALT: () => this.SUBRULE(this.callExpr) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.listExpr) },
      { ALT: () => this.SUBRULE(this.mapExpr) },
    ]);
  });

  callExpr = this.RULE('callExpr', () => {
    this.CONSUME(T.FuncName);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.argList));
    this.CONSUME(T.RParen);
  });

  argList = this.RULE('argList', () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
  });

  parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  listExpr = this.RULE('listExpr', () => {
    this.CONSUME(T.ListOpen);
    this.OPTION(() => this.SUBRULE(this.argList));
    this.CONSUME(T.RParen);
  });

  mapExpr = this.RULE('mapExpr', () => {
    this.CONSUME(T.MapOpen);
    this.OPTION(() => {
      this.SUBRULE(this.mapEntry);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.mapEntry);
      });
    });
    this.CONSUME(T.RParen);
  });

  mapEntry = this.RULE('mapEntry', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.CONSUME(T.StringLit) }]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  /**
   * chevrotain attaches a finished (or partially recovered) rule's CST to its
   * parent here: an item read by `file` goes to `onItem` instead.
   */
  cstPostNonTerminal(result: CstNode, ruleName: string): void {
    if (this.onItem !== undefined && ruleName === 'item' && (this as unknown as CstInternals).CST_STACK.length === 1) {
      this.onItem(result);
    } else {
      attachChild.call(this, result, ruleName);
    }
  }
}

/** One parser for files: building it analyses the grammar, which is slow. */
const parser = new NotifyCstParser();
/**
 * Expressions inside strings are parsed while the file parser is still
 * running (an item is converted as soon as it is read), so they have their own.
 */
let expressionParser: NotifyCstParser | undefined;

export interface CstResult {
  cst: CstNode | undefined;
  errors: readonly ParseError[];
}

export interface ParseError {
  readonly name: string;
  readonly message: string;
  readonly token: IToken;
  readonly previousToken?: IToken;
}

function run(p: NotifyCstParser, tokens: IToken[], start: 'file' | 'expression'): CstResult {
  p.input = tokens;
  const cst = start === 'file' ? p.file() : p.expression();
  const errors = p.errors.map((e) => ({
    name: e.name,
    message: e.message,
    token: e.token,
    previousToken: (e as { previousToken?: IToken }).previousToken,
  }));
  p.input = [];
  return { cst, errors };
}

/**
 * The CST of a file. With `onItem`, each top-level item is handed over as
 * soon as it is read and left out of the file node: converted at once, item
 * CSTs die young instead of the whole file's CST outliving many garbage
 * collections (which was most of the parse time). `onItem` may parse
 * expressions (parseExpressionTokens) but not another file.
 */
export function parseFileTokens(tokens: IToken[], onItem?: (item: CstNode) => void): CstResult {
  parser.onItem = onItem;
  try {
    return run(parser, tokens, 'file');
  } finally {
    parser.onItem = undefined;
  }
}

export function parseExpressionTokens(tokens: IToken[]): CstResult {
  expressionParser ??= new NotifyCstParser();
  return run(expressionParser, tokens, 'expression');
}
