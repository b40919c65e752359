import { diagnostic } from '../diagnostics';
import type { DigestClause, EachClause, NotifierDecl, ScopeClause } from '../syntax/ast';
import { isScalar, sigilOf, T, type Type } from '../types/type';
import type { CheckContext } from './context';
import { describeType, sigilFix, sigilMeaning, type ExpressionChecker } from './expressions';
import type { ScopeVariable } from './model';
import { LoopScope, loopVariable, sigilFor, type Scope } from './scope';
import { didYouMean } from './suggest';

/** The scopes of `scope NAME;` (LANGUAGE.md 2.3). */
export const NOTIFIER_SCOPES = ['organization', 'product', 'project', 'tenant', 'feed'] as const;

export interface Shapes {
  /** The event scope plus `$Scope`: where `when` is checked. */
  readonly notifierScope: Scope;
  /** Plus the `each` variable or the digest variables: where channels are checked. */
  readonly channelScope: Scope;
  /** What the channels see beyond the notifier scope, for completion inside each channel. */
  readonly channelVariables: readonly ScopeVariable[];
  readonly scope?: string;
  readonly shape?: 'each' | 'digest';
}

/**
 * `scope`, `each` and `digest` (LANGUAGE.md 2.1–2.3): checks the clauses and
 * gives the scopes the notifier's `when` and channels are checked in.
 */
export function checkShapes(ctx: CheckContext, decl: NotifierDecl, eventScope: Scope, exprs: ExpressionChecker): Shapes {
  // One pass, no arrays for the usual notifier that has neither.
  let scopes: ScopeClause[] | undefined;
  let shapes: (EachClause | DigestClause)[] | undefined;
  const clauses = decl.clauses;
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    if (c.kind === 'Scope') (scopes ??= []).push(c);
    else if (c.kind === 'Each' || c.kind === 'Digest') (shapes ??= []).push(c);
  }
  if ((scopes && scopes.length > 1) || (shapes && shapes.length > 1)) checkOnlyOne(ctx, scopes ?? [], shapes ?? []);

  let scopeName: string | undefined;
  const scopeClause = scopes?.[0];
  if (scopeClause?.name) {
    const written = scopeClause.name.text;
    if ((NOTIFIER_SCOPES as readonly string[]).includes(written)) scopeName = written;
    else {
      const guess = didYouMean(written.toLowerCase(), NOTIFIER_SCOPES, 3) ?? NOTIFIER_SCOPES.find((s) => s.startsWith(written.toLowerCase()));
      ctx.report(
        diagnostic(
          'NTF343',
          scopeClause.name.span,
          `Unknown scope \`${written}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}: a notifier's scope is one of ${NOTIFIER_SCOPES.map((s) => `\`${s}\``).join(', ')}.`,
          { fixes: guess ? [{ title: `Change to \`${guess}\``, edits: [{ span: scopeClause.name.span, newText: guess }], preferred: true }] : [] },
        ),
      );
    }
  }
  // What `{ ...loopVariable('Scope', …), declaration, note }` gives, in that key order, built once.
  const scopeVar: ScopeVariable = {
    name: 'Scope',
    type: T.string,
    definedBy: [],
    allEvents: true,
    kind: 'loop',
    declaration: scopeClause ? scopeClause.keywordSpan : undefined,
    sigil: sigilFor(T.string),
    note: scopeName
      ? `The notifier's scope: \`"${scopeName}"\` (\`scope ${scopeName};\`).`
      : 'The notifier\'s scope (`scope organization;`, `scope product;` …); `""` when it declares none.',
  };
  if (decl.bodySpan) ctx.model.loops.push({ range: decl.bodySpan, variable: scopeVar });
  const notifierScope = new LoopScope(eventScope, scopeVar);

  const channelVariables: ScopeVariable[] = [];
  const shape = shapes?.[0];
  if (shape?.kind === 'Each') {
    const listType = exprs.typeOf(shape.list, notifierScope);
    let itemType: Type = T.any;
    if (listType.kind === 'list') itemType = listType.item;
    else if (listType.kind !== 'any' && shape.list) {
      ctx.report(diagnostic('NTF340', shape.list.span, `\`each\` fans out over a list, but this is ${describeType(listType)}.`));
    }
    const v = shape.variable;
    if (v) {
      const expected = sigilOf(itemType);
      if (expected !== 'any' && expected !== v.sigil) {
        ctx.report(
          diagnostic(
            'NTF104',
            v.span,
            `The items are ${describeType(itemType)}: write the fan-out variable as \`${expected}${v.name}\` (${sigilMeaning(expected)}), not \`${v.sigil}${v.name}\`.`,
            { fixes: [sigilFix(v.span, expected, `${expected}${v.name}`)] },
          ),
        );
        itemType = T.any;
      }
      const variable: ScopeVariable = { ...loopVariable(v.name, itemType, v.span), note: 'One item of the `each` fan-out: every channel renders once per item.' };
      ctx.model.refs.push(v);
      ctx.model.variables.set(v, variable);
      ctx.model.types.set(v, itemType);
      channelVariables.push(variable);
    }
  } else if (shape?.kind === 'Digest') {
    const keyType = exprs.typeOf(shape.key, notifierScope);
    if (shape.key && keyType.kind !== 'any' && !isScalar(keyType)) {
      ctx.report(diagnostic('NTF341', shape.key.span, `A digest groups events by a text key; this is ${describeType(keyType)}. Write a scalar, e.g. \`digest by $Tenant;\`.`));
    } else if (shape.key && keyType.kind === 'secret') {
      ctx.report(diagnostic('NTF341', shape.key.span, 'A digest cannot group by a secret: its value is only known when sending.'));
    }
    const fields: Record<string, Type> = {};
    for (const name of eventScope.names()) {
      const v = eventScope.lookup(name.toLowerCase());
      if (v && v.kind === 'event') fields[v.name] = v.type;
    }
    const at = shape.keywordSpan;
    channelVariables.push(
      { ...loopVariable('Events', T.list(T.record(fields)), at), note: "The digest group's events, in batch order, each a record of the event variables." },
      { ...loopVariable('Count', T.number, at), note: 'How many events the digest group holds.' },
      { ...loopVariable('DigestKey', T.string, at), note: "The digest group's key, as text." },
    );
  }
  let channelScope: Scope = notifierScope;
  for (let i = 0; i < channelVariables.length; i++) channelScope = new LoopScope(channelScope, channelVariables[i]!);
  const out: { -readonly [K in keyof Shapes]: Shapes[K] } = { notifierScope, channelScope, channelVariables };
  if (scopeName) out.scope = scopeName;
  if (shape) out.shape = shape.kind === 'Each' ? 'each' : 'digest';
  return out;
}

/** NTF342: a second `scope`, or a second `each`/`digest`. */
function checkOnlyOne(ctx: CheckContext, scopes: readonly ScopeClause[], shapes: readonly (EachClause | DigestClause)[]): void {
  for (const extra of [...scopes.slice(1), ...shapes.slice(1)]) {
    const first = extra.kind === 'Scope' ? scopes[0]! : shapes[0]!;
    const what = extra.kind === 'Scope' ? 'one `scope`' : 'either one `each` (one message per item) or one `digest` (one message per group), not both or two';
    ctx.report(
      diagnostic('NTF342', extra.keywordSpan, `A notifier has ${what}.`, {
        related: [{ span: first.keywordSpan, message: 'The first one' }],
      }),
    );
  }
}

