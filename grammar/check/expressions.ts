import { diagnostic, type Fix } from '../diagnostics';
import { envNotAllowedMessage, isEnvAllowed } from '../functions/env';
import type { FunctionDef, ParamDef } from '../functions/signature';
import { DurationValue, type Value } from '../values/value';
import type {
  BinaryExpr,
  CallExpr,
  Expr,
  IndexExpr,
  InterpolationPart,
  ListLiteral,
  MapLiteral,
  MemberExpr,
  Sigil,
  Span,
  StringLiteral,
  TemplatePart,
  UnaryExpr,
  VariableRef,
} from '../syntax/ast';
import { containsSecret, isAssignable, isScalar, sameType, sigilOf, T, typeToString, type Type } from '../types/type';
import { guarded, sourceOf, strictChecks, type CheckContext } from './context';
import { GuardScope, LoopScope, loopVariable, sigilFor, type Scope } from './scope';
import { didYouMean } from './suggest';
import { FUNCTION_ALIASES, VARIABLE_ALIASES } from '../catalog/aliases';

type Quote = StringLiteral['quote'];

const SECRET_HINT = 'secrets ($Secret, $Env) may only flow into url, headers, auth and signing';

/**
 * Types expressions and templates (spec sections 3–5) and reports what does
 * not fit (NTF102–NTF105, NTF110–NTF113, NTF120–NTF123). An expression the
 * checker cannot type is `any`, which fits everywhere, so one mistake gives
 * one diagnostic instead of a cascade.
 */
export class ExpressionChecker {
  constructor(private readonly ctx: CheckContext) {}

  /** `%SecretMap(…)` calls written as the whole value of `headers`: the only place they may be (NTF347). */
  readonly secretMapsInHeaders = new WeakSet<CallExpr>();
  private readonly secretMapsReported = new WeakSet<CallExpr>();

  /** The type of `expr` in `scope`; `any` when absent (the parser already reported it) or untypable. */
  typeOf(expr: Expr | undefined, scope: Scope): Type {
    if (!expr) return T.any;
    return this.typed(expr, scope, false);
  }

  /** Types and records one expression; an internal failure makes it `any` (no closure: this is the hot path). */
  private typed(expr: Expr, scope: Scope, inText: boolean): Type {
    let type: Type;
    try {
      type = this.compute(expr, scope, inText);
    } catch (e) {
      if (strictChecks()) throw e;
      type = T.any;
    }
    this.ctx.model.types.set(expr, type);
    return type;
  }

  /** A condition (`when`, `<% if %>`): must be bool (NTF121). */
  condition(expr: Expr | undefined, scope: Scope, what: string): void {
    if (!expr) return;
    const type = this.typeOf(expr, scope);
    if (type.kind === 'bool' || type.kind === 'any') return;
    const secret = type.kind === 'secret' ? `; ${SECRET_HINT}` : '';
    this.ctx.report(
      diagnostic('NTF121', expr.span, `${what} must be a bool, but this is ${describeType(type)}${secret}. Compare it, e.g. \`… == "value"\`, or use a function that returns bool.`),
    );
  }

  /** Checks a template's parts; returns `secret` when a secret is interpolated into it, else `string`. */
  template(str: StringLiteral, scope: Scope): Type {
    return this.parts(str.parts, scope, str.quote) ? T.secret : T.string;
  }

  /** Checks template parts on their own (e.g. an event's default text); true when a secret flows into the text. */
  parts(parts: readonly TemplatePart[], scope: Scope, quote: Quote): boolean {
    let secret = false;
    for (let i = 0; i < parts.length; i++) {
      try {
        if (this.part(parts[i]!, scope, quote)) secret = true;
      } catch (e) {
        // a checker bug costs this part's diagnostics only
        if (strictChecks()) throw e;
      }
    }
    return secret;
  }

  // ------------------------------------------------------------------ templates

  private part(part: TemplatePart, scope: Scope, quote: Quote): boolean {
    switch (part.kind) {
      case 'Text':
        return false;
      case 'Interpolation':
        return this.interpolation(part, scope, quote);
      case 'If': {
        this.condition(part.condition, scope, 'The `<% if %>` condition');
        const guards = guardedNames(part.condition, scope);
        const a = this.parts(part.then, guards.size ? new GuardScope(scope, guards) : scope, quote);
        const b = part.else ? this.parts(part.else, scope, quote) : false;
        return a || b;
      }
      case 'Foreach': {
        const listType = this.typeOf(part.list, scope);
        let itemType: Type = T.any;
        if (listType.kind === 'list') itemType = listType.item;
        else if (listType.kind !== 'any' && part.list) {
          this.ctx.report(
            diagnostic('NTF120', part.list.span, `\`foreach\` loops over a list, but this is ${describeType(listType)}.`),
          );
        }
        const v = part.variable;
        if (!v) return this.parts(part.body, scope, quote);
        const expected = sigilOf(itemType);
        if (expected !== 'any' && expected !== v.sigil) {
          this.ctx.report(
            diagnostic(
              'NTF104',
              v.span,
              `The items are ${describeType(itemType)}: write the loop variable as \`${expected}${v.name}\` (${sigilMeaning(expected)}), not \`${v.sigil}${v.name}\`.`,
              { fixes: [sigilFix(v.span, expected, `${expected}${v.name}`)] },
            ),
          );
          itemType = T.any; // its uses are then unchecked rather than all wrong
        }
        const variable = loopVariable(v.name, itemType, v.span);
        this.ctx.model.refs.push(v);
        this.ctx.model.variables.set(v, variable);
        this.ctx.model.types.set(v, itemType);
        this.ctx.model.loops.push({ range: { start: v.span.end, end: part.span.end }, variable });
        return this.parts(part.body, new LoopScope(scope, variable), quote);
      }
    }
  }

  private interpolation(part: InterpolationPart, scope: Scope, quote: Quote): boolean {
    const expr = part.expr;
    if (!expr) return false;
    // In text only `$` is special, so `$List` / `$Split(…)` written there are
    // lists in text (NTF122), not sigil mistakes (NTF104/NTF113). So is
    // `$(%Split(…))`: one mistake, one diagnostic, whose fix also sets the sigil.
    const type = this.typed(expr, scope, true);
    if (type.kind === 'list' || type.kind === 'map' || type.kind === 'record') {
      const fix = this.collectionInTextFix(part, expr, type, quote);
      const how = type.kind === 'list' && isScalarType(type.item) ? '`$Join(", ", @List)`' : '`$ToJson(…)`';
      this.ctx.report(
        diagnostic('NTF122', part.span, `${capitalize(describeType(type))} cannot be written into text; convert it with ${how}.`, {
          fixes: fix ? [fix] : [],
        }),
      );
    }
    return type.kind === 'secret';
  }

  private collectionInTextFix(part: InterpolationPart, expr: Expr, type: Type, quote: Quote): Fix | undefined {
    const sigil = sigilFor(type);
    let source: string | undefined;
    if (expr.kind === 'Variable') source = `${sigil}${expr.braced ? `{${expr.name}}` : expr.name}`;
    else if (expr.kind === 'Call') {
      const args = sourceOf(this.ctx, expr.argsSpan);
      const allowed = this.ctx.model.calls.get(expr)?.sigils ?? [];
      const callSigil = allowed.includes(sigil) ? sigil : expr.sigil;
      if (args !== undefined) source = `${callSigil}${expr.name}${args}`;
    } else source = sourceOf(this.ctx, expr.span);
    if (source === undefined) return undefined;
    // The separator's quotes must not end the string the text is in.
    const q = quote === '"' ? "'" : '"';
    const newText =
      type.kind === 'list' && isScalarType(type.item) ? `$Join(${q}, ${q}, ${source})` : `$ToJson(${source})`;
    return { title: `Change to \`${newText}\``, edits: [{ span: part.span, newText }], preferred: true };
  }

  // ------------------------------------------------------------------ expressions

  private compute(expr: Expr, scope: Scope, inText: boolean): Type {
    switch (expr.kind) {
      case 'Number':
        return T.number;
      case 'Duration':
        return T.duration;
      case 'Bool':
        return T.bool;
      case 'String':
        return this.template(expr, scope);
      case 'Variable':
        return this.variable(expr, scope, inText);
      case 'Call':
        return this.call(expr, scope, inText);
      case 'Unary':
        return this.unary(expr, scope);
      case 'Binary':
        return this.binary(expr, scope);
      case 'Member':
        return this.member(expr, scope);
      case 'Index':
        return this.index(expr, scope);
      case 'Paren':
        return this.typeOf(expr.expr, scope);
      case 'List':
        return this.list(expr, scope);
      case 'Map':
        return this.map(expr, scope);
      case 'Unquoted':
        return T.any; // NTF004 from the parser
    }
  }

  private variable(ref: VariableRef, scope: Scope, inText: boolean): Type {
    this.ctx.model.refs.push(ref);
    const v = scope.find(ref.name);
    if (!v) {
      if (scope.open) return T.any;
      const key = ref.name.toLowerCase();
      const suggestion = didYouMean(ref.name, scope.names()) ?? VARIABLE_ALIASES.get(key)?.map((n) => scope.lookup(n.toLowerCase())?.name).find((n) => n !== undefined);
      const fixes: Fix[] = suggestion
        ? [{ title: `Change to \`${ref.sigil}${suggestion}\``, edits: [{ span: ref.nameSpan, newText: suggestion }], preferred: true }]
        : [];
      const events = scope.eventNames.length ? ` for ${listNames(scope.eventNames)}` : '';
      this.ctx.report(
        diagnostic(
          'NTF102',
          ref.nameSpan,
          `Unknown variable \`${ref.sigil}${ref.name}\`${events}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}${this.elsewhere(key)}`,
          { fixes },
        ),
      );
      return T.any;
    }
    this.ctx.model.variables.set(ref, v);
    if (v.name !== ref.name) {
      this.ctx.report(
        diagnostic('NTF105', ref.nameSpan, `\`${ref.name}\` is declared as \`${v.name}\` (names ignore case, but one spelling reads better).`, {
          fixes: [{ title: `Change to \`${v.name}\``, edits: [{ span: ref.nameSpan, newText: v.name }], preferred: true }],
        }),
      );
    }
    const expected = sigilOf(v.type);
    const collectionInText = inText && (expected === '@' || expected === '%');
    if (expected !== 'any' && expected !== ref.sigil && !collectionInText) {
      const written = `${expected}${ref.braced ? `{${ref.name}}` : ref.name}`;
      this.ctx.report(
        diagnostic(
          'NTF104',
          ref.span,
          `\`${v.name}\` is ${describeType(v.type)}: write \`${written}\` (${sigilMeaning(expected)}), not \`${ref.sigil}${ref.name}\`.`,
          { fixes: [sigilFix(ref.span, expected, written)] },
        ),
      );
    }
    if (v.kind === 'event' && !v.allEvents && !scope.isGuarded(ref.name.toLowerCase())) {
      const lacking = scope.eventNames.filter((e) => !v.definedBy.includes(e));
      this.ctx.report(
        diagnostic(
          'NTF103',
          ref.span,
          `\`${v.name}\` is defined by ${listNames(v.definedBy)} but not by ${listNames(lacking)}; there it renders as the empty string (null inside $ToJson). Guard it with \`$IsVariableDefined("${v.name}")\` or listen to fewer events.`,
        ),
      );
    }
    return v.type;
  }

  /**
   * `$IsVariableDefined("UserNmae")` is always false when no event of the
   * notifier defines the name: a typo that hides a bug, worth NTF102.
   */
  private variableName(arg: Expr | undefined, scope: Scope): void {
    if (!arg || arg.kind !== 'String' || scope.open) return;
    const written = constantText(arg);
    if (written === undefined) return;
    const name = written.trim().replace(/^[$@%]/, '');
    if (name === '' || scope.lookup(name.toLowerCase())) return;
    const suggestion = didYouMean(name, scope.names());
    this.ctx.report(
      diagnostic(
        'NTF102',
        arg.contentSpan,
        `No event of this notifier defines \`${name}\`, so this is always false.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}${this.elsewhere(name.toLowerCase())}`,
        { fixes: suggestion && name === written ? [{ title: `Change to "${suggestion}"`, edits: [{ span: arg.contentSpan, newText: suggestion }], preferred: true }] : [] },
      ),
    );
  }

  /** " It is a variable of `a.b` and 3 more events." — when other events define the name. */
  private elsewhere(key: string): string {
    const catalog = this.ctx.catalog;
    if (!catalog) return '';
    const owners: string[] = [];
    for (const event of catalog.events.values()) if (event.variables.has(key)) owners.push(event.name);
    if (owners.length === 0) return '';
    const shown = owners.slice(0, 3).map((n) => `\`${n}\``).join(', ');
    const more = owners.length > 3 ? ` and ${owners.length - 3} more event${owners.length > 4 ? 's' : ''}` : '';
    return ` It is a variable of ${shown}${more}.`;
  }

  /**
   * A function name from another template language (`$eq(a, b)`,
   * `$upper(x)`) or a variable written as a call (`$FeedName()`): one NTF110
   * naming the construct meant, with a fix that writes it.
   */
  private foreignFunction(call: CallExpr, scope: Scope): Type | undefined {
    const key = call.name.toLowerCase();
    const args = call.args.map((a) => sourceOf(this.ctx, a.span));
    const written = args.every((a) => a !== undefined) ? (args as string[]) : undefined;
    const report = (message: string, newText: string | undefined, type: Type): Type => {
      this.ctx.report(
        diagnostic('NTF110', call.nameSpan, message, {
          fixes: newText === undefined ? [] : [{ title: `Write \`${newText}\``, edits: [{ span: call.span, newText }], preferred: true }],
        }),
      );
      return type;
    };
    const variable = scope.open ? undefined : scope.lookup(key);
    if (variable && call.args.length === 0) {
      const text = `${sigilOf(variable.type) === '@' || sigilOf(variable.type) === '%' ? sigilOf(variable.type) : '$'}${variable.name}`;
      return report(`\`${call.name}\` is a variable, not a function: write \`${text}\` without \`()\`.`, text, variable.type);
    }
    const alias = FUNCTION_ALIASES.get(key);
    if (!alias) return undefined;
    if (alias.operator) {
      const newText = written?.length === 2 ? `${written[0]} ${alias.operator} ${written[1]}` : undefined;
      return report(`Unknown function \`${call.sigil}${call.name}\`: Notify compares with the operator \`${alias.operator}\`, e.g. \`$a ${alias.operator} $b\`.`, newText, T.bool);
    }
    if (alias.prefix) {
      const newText = written?.length === 1 ? `${alias.prefix}(${written[0]})` : undefined;
      return report(`Unknown function \`${call.sigil}${call.name}\`: Notify negates with \`${alias.prefix}\`, e.g. \`!($a == $b)\`.`, newText, T.bool);
    }
    if (alias.advice) {
      this.ctx.report(diagnostic('NTF110', call.nameSpan, `Unknown function \`${call.sigil}${call.name}\`: ${alias.advice}.`));
      return T.any;
    }
    const target = alias.function && this.ctx.functions.lookup(alias.function);
    if (!target) return undefined;
    this.ctx.report(
      diagnostic('NTF110', call.nameSpan, `Unknown function \`${call.sigil}${call.name}\`. Did you mean \`${target.name}\`?`, {
        fixes: [{ title: `Change to \`${call.sigil}${target.name}\``, edits: [{ span: call.nameSpan, newText: target.name }], preferred: true }],
      }),
    );
    return T.any;
  }

  private call(call: CallExpr, scope: Scope, inText: boolean): Type {
    const def = this.ctx.functions.lookup(call.name);
    // `$Coalesce($UserName, "unknown")` is how a text handles a variable some events lack.
    const argScope = def && isNamed(def, 'coalesce') ? coalesceScope(call, scope) : scope;
    const argTypes: Type[] = [];
    const args = call.args;
    for (let i = 0; i < args.length; i++) argTypes.push(this.typeOf(args[i]!, argScope));
    if (!def) {
      const habit = this.foreignFunction(call, scope);
      if (habit) return habit;
      const suggestion = didYouMean(call.name, this.ctx.functions.all.map((f) => f.name));
      this.ctx.report(
        diagnostic(
          'NTF110',
          call.nameSpan,
          `Unknown function \`${call.sigil}${call.name}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          {
            fixes: suggestion
              ? [{ title: `Change to \`${call.sigil}${suggestion}\``, edits: [{ span: call.nameSpan, newText: suggestion }], preferred: true }]
              : [],
          },
        ),
      );
      return T.any;
    }
    this.ctx.model.calls.set(call, def);
    this.arguments(call, def, argTypes);
    if (def.name === 'SecretMap' && !this.secretMapsInHeaders.has(call) && !this.secretMapsReported.has(call)) {
      this.secretMapsReported.add(call);
      this.ctx.report(
        diagnostic('NTF347', call.span, '`%SecretMap(…)` can only be the whole value of a `headers` property (`headers = %SecretMap("name");`): its content is known only when sending, as header names and values.'),
      );
    }
    if (isNamed(def, 'isvariabledefined')) this.variableName(call.args[0], scope);
    if (isNamed(def, 'env')) this.envName(call);
    if (def.reads) this.eventData(call, def, def.reads, scope);

    const sigilOk = def.sigils.includes(call.sigil);
    const sigil: Sigil = sigilOk ? call.sigil : def.sigils[0] ?? '$';
    let result = guarded(T.any, () => def.returns(sigil, argTypes));
    if (def.secretLike) result = T.secret;
    else if (taintedBySecret(result, argTypes)) result = T.secret;
    if (!sigilOk) {
      const resultSigil = sigilOf(result);
      const collectionInText = inText && (resultSigil === '@' || resultSigil === '%');
      if (!collectionInText) {
        const allowed = def.sigils.map((s) => `\`${s}${def.name}\``).join(' or ');
        this.ctx.report(
          diagnostic(
            'NTF113',
            { start: call.span.start, end: call.nameSpan.end },
            `\`${def.name}\` returns ${describeType(result)}: write ${allowed}, not \`${call.sigil}${call.name}\`.`,
            { fixes: [sigilFix(call.span, sigil, `${sigil}${call.name}`)] },
          ),
        );
      }
    }
    return result;
  }

  /**
   * A function that reads the event's data (`$PackageProperty` reads
   * `%PackageProperties`) where the notifier's events do not carry it: NTF349
   * when none does (the render always fails), NTF103 when only some do.
   */
  private eventData(call: CallExpr, def: FunctionDef, reads: readonly string[], scope: Scope): void {
    if (scope.open) return;
    const found = reads.map((r) => scope.lookup(r.toLowerCase())).filter((v) => v !== undefined);
    const shown = reads.map((r) => `\`${r}\``).join(' or ');
    if (found.length === 0) {
      this.ctx.report(
        diagnostic(
          'NTF349',
          call.nameSpan,
          `\`${def.name}\` reads ${shown} of the event, which ${listNames(scope.eventNames)} ${scope.eventNames.length === 1 ? 'does' : 'do'} not carry, so it can only fail when rendering.${this.elsewhere(reads[0]!.toLowerCase())}`,
        ),
      );
      return;
    }
    if (found.some((v) => v.kind !== 'event' || v.allEvents)) return;
    const definedBy = new Set(found.flatMap((v) => (v.kind === 'event' ? v.definedBy : [])));
    if (found.some((v) => scope.isGuarded(v.name.toLowerCase()))) return;
    const lacking = scope.eventNames.filter((e) => !definedBy.has(e));
    if (lacking.length === 0) return;
    this.ctx.report(
      diagnostic(
        'NTF103',
        call.nameSpan,
        `\`${def.name}\` reads ${shown}, which ${listNames([...definedBy])} carry but ${listNames(lacking)} not; there the render fails. Guard it with \`$IsVariableDefined("${found[0]!.name}")\` or listen to fewer events.`,
      ),
    );
  }

  /** NTF211: `$Env("NAME")` with a name that is not allowed (a computed name is checked when rendering). */
  private envName(call: CallExpr): void {
    const arg = call.args[0];
    const name = arg ? constantValue(arg) : undefined;
    // A name that is not a variable name at all is NTF112 already.
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || isEnvAllowed(name, this.ctx.allowedEnv)) return;
    this.ctx.report(diagnostic('NTF211', arg!.span, `${envNotAllowedMessage(name)}.`));
  }

  private arguments(call: CallExpr, def: FunctionDef, argTypes: readonly Type[]): void {
    const { min, max } = arity(def.params);
    const n = call.args.length;
    if (n < min || n > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.ctx.report(
        diagnostic(
          'NTF111',
          call.argsSpan,
          `\`${def.name}\` takes ${expected} argument${expected === '1' ? '' : 's'}, but ${n} ${n === 1 ? 'was' : 'were'} given: ${signatureOf(def)}.`,
        ),
      );
    }
    for (let i = 0; i < call.args.length; i++) {
      const arg = call.args[i]!;
      const param = paramAt(def.params, i);
      const type = argTypes[i] ?? T.any;
      if (!param || fitsParam(type, param.type)) continue;
      const secret = type.kind === 'secret' ? `; ${SECRET_HINT}` : '';
      this.ctx.report(
        diagnostic(
          'NTF112',
          arg.span,
          `Argument \`${param.name}\` of \`${def.name}\` must be ${describeParam(param.type)}, but this is ${describeType(type)}${secret}: ${signatureOf(def)}.`,
        ),
      );
   }
    if (def.checkArgs) {
      const consts = call.args.map(constantValue);
      const problems = guarded([], () => def.checkArgs!(argTypes, consts));
      for (const p of problems) {
        const arg = call.args[p.index];
        this.ctx.report(diagnostic('NTF112', arg ? arg.span : call.argsSpan, p.message));
      }
    }
  }

  private unary(expr: UnaryExpr, scope: Scope): Type {
    const type = this.typeOf(expr.operand, scope);
    if (expr.operand && type.kind !== 'bool' && type.kind !== 'any') {
      this.ctx.report(diagnostic('NTF120', expr.operand.span, `\`!\` takes a bool, but this is ${describeType(type)}${secretNote(type)}.`));
    }
    return T.bool;
  }

  /**
   * Left-deep chains (`a && b && …`, thousands long in a generated or hostile
   * file) are typed bottom-up in a loop: recursing into the left operand would
   * make the diagnostics depend on the host's stack size.
   */
  private binary(expr: BinaryExpr, scope: Scope): Type {
    const spine: BinaryExpr[] = [expr];
    let bottom: Expr | undefined = expr.left;
    while (bottom?.kind === 'Binary') {
      spine.push(bottom);
      bottom = bottom.left;
    }
    let left = this.typeOf(bottom, scope);
    for (let i = spine.length - 1; i > 0; i--) {
      const node = spine[i]!;
      left = this.binaryOf(node, left, scope);
      this.ctx.model.types.set(node, left); // as typed() records every expression
    }
    return this.binaryOf(expr, left, scope);
  }

  private binaryOf(expr: BinaryExpr, left: Type, scope: Scope): Type {
    const right = this.typeOf(expr.right, scope);
    if (!expr.right) return T.bool;
    switch (expr.op) {
      case '&&':
      case '||':
        // Each operand in turn (no array of pairs to loop over: every `&&` and `||` passes here).
        this.boolOperand(expr, expr.left, left);
        this.boolOperand(expr, expr.right, right);
        return T.bool;
      case '==':
      case '!=':
        if (left.kind !== 'any' && right.kind !== 'any' && !isAssignable(left, right) && !isAssignable(right, left)) {
          this.ctx.report(
            diagnostic(
              'NTF120',
              expr.span,
              `\`${expr.op}\` compares values of the same type, but this compares ${describeType(left)} with ${describeType(right)}${secretNote(left, right)}.`,
              { fixes: this.literalFixes(expr, left, right) },
            ),
          );
        }
        return T.bool;
      default: {
        const ordered = (t: Type) => ['number', 'datetime', 'duration', 'string', 'any'].includes(t.kind);
        const ok = ordered(left) && ordered(right) && (left.kind === 'any' || right.kind === 'any' || left.kind === right.kind);
        if (!ok) {
          this.ctx.report(
            diagnostic(
              'NTF120',
              expr.span,
              `\`${expr.op}\` takes two numbers, datetimes, durations or strings of the same type, but this compares ${describeType(left)} with ${describeType(right)}${secretNote(left, right)}.`,
              { fixes: this.literalFixes(expr, left, right, false) },
            ),
          );
        }
        return T.bool;
      }
    }
  }

  private boolOperand(expr: BinaryExpr, operand: Expr, type: Type): void {
    if (type.kind !== 'bool' && type.kind !== 'any') {
      this.ctx.report(diagnostic('NTF120', operand.span, `\`${expr.op}\` takes bool operands, but this is ${describeType(type)}${secretNote(type)}.`));
    }
  }

  /** `$Score >= "7"` → `7`; `$FeedType == 7` → `"7"`: the literal was meant as the other type. */
  private literalFixes(expr: BinaryExpr, left: Type, right: Type, equality = true): Fix[] {
    const fixes: Fix[] = [];
    const pairs: [Expr | undefined, Type][] = [
      [expr.right, left],
      [expr.left, right],
    ];
    for (const [literal, other] of pairs) {
      if (!literal) continue;
      if (other.kind === 'number' && literal.kind === 'String') {
        const text = constantText(literal);
        if (text !== undefined && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim())) {
          fixes.push({ title: `Change to the number ${text.trim()}`, edits: [{ span: literal.span, newText: text.trim() }], preferred: true });
        }
      } else if (equality && other.kind === 'string' && literal.kind === 'Number') {
        // Only for ==/!=: quoting a number for `<` would compare text ("10" < "9").
        fixes.push({ title: `Change to the string "${literal.raw}"`, edits: [{ span: literal.span, newText: `"${literal.raw}"` }], preferred: true });
      }
    }
    return fixes;
  }

  private member(expr: MemberExpr, scope: Scope): Type {
    const object = this.typeOf(expr.object, scope);
    const member = expr.member;
    if (!member) return T.any;
    switch (object.kind) {
      case 'any':
        return T.any;
      case 'map':
        return object.value;
      case 'record': {
        const field = object.fields.get(member.text.toLowerCase());
        if (field) return field.type;
        const names = [...object.fields.values()].map((f) => f.name);
        const suggestion = didYouMean(member.text, names);
        this.ctx.report(
          diagnostic(
            'NTF123',
            member.span,
            `The record has no key \`${member.text}\`; its keys are ${names.map((n) => `\`${n}\``).join(', ') || 'none'}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
            { fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: member.span, newText: suggestion }], preferred: true }] : [] },
          ),
        );
        return T.any;
      }
      case 'list':
        this.ctx.report(
          diagnostic(
            'NTF120',
            member.span,
            `\`.${member.text}\` needs a record or map, but this is ${describeType(object)}: loop over it with \`<% foreach %item in @List { %>\` or take one item with \`[0]\`.`,
          ),
        );
        return T.any;
      default:
        this.ctx.report(
          diagnostic('NTF120', member.span, `\`.${member.text}\` needs a record or map, but this is ${describeType(object)}, which has no keys.`),
        );
        return T.any;
    }
  }

  private index(expr: IndexExpr, scope: Scope): Type {
    const object = this.typeOf(expr.object, scope);
    const index = this.typeOf(expr.index, scope);
    const at = expr.index?.span ?? expr.span;
    const need = (kind: 'number' | 'string', what: string) => {
      if (index.kind !== kind && index.kind !== 'any') {
        this.ctx.report(diagnostic('NTF120', at, `${what} is indexed by a ${kind}, but this is ${describeType(index)}.`));
      }
    };
    switch (object.kind) {
      case 'any':
        return T.any;
      case 'list':
        need('number', 'A list');
        return object.item;
      case 'map':
        need('string', 'A map');
        return object.value;
      case 'record': {
        need('string', 'A record');
        const key = expr.index ? constantText(expr.index) : undefined;
        if (key === undefined) return T.any;
        const field = object.fields.get(key.toLowerCase());
        if (field) return field.type;
        const names = [...object.fields.values()].map((f) => f.name);
        const suggestion = didYouMean(key, names);
        this.ctx.report(
          diagnostic('NTF123', at, `The record has no key "${key}"; its keys are ${names.map((n) => `\`${n}\``).join(', ') || 'none'}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, {
            fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: at, newText: JSON.stringify(suggestion) }], preferred: true }] : [],
          }),
        );
        return T.any;
      }
      default:
        this.ctx.report(diagnostic('NTF120', expr.span, `Only lists, maps and records can be indexed with \`[…]\`, but this is ${describeType(object)}.`));
        return T.any;
    }
  }

  private list(expr: ListLiteral, scope: Scope): Type {
    const types = expr.items.map((i) => this.typeOf(i, scope));
    if (types.length === 0) return T.list(T.any);
    const first = types[0]!;
    return T.list(types.every((t) => sameType(t, first)) ? first : T.any);
  }

  private map(expr: MapLiteral, scope: Scope): Type {
    // A written key such as "__proto__" is a field like any other, not a prototype.
    const fields = Object.create(null) as Record<string, Type>;
    const seen = new Map<string, Span>();
    const entries = expr.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const type = this.typeOf(entry.value, scope);
      const key = entry.key.toLowerCase();
      const first = seen.get(key);
      if (first) {
        this.ctx.report(
          diagnostic('NTF204', entry.keySpan, `The key \`${entry.key}\` is set twice in this map; remove one.`, {
            related: [{ span: first, message: 'First set here' }],
          }),
        );
        continue;
      }
      seen.set(key, entry.keySpan);
      fields[entry.key] = type;
    }
    return T.record(fields);
  }
}

// ---------------------------------------------------------------- helpers

/** Is the function named `lower` (lower case) in any case? Lengths first: most calls are to other functions, and lower-casing allocates. */
function isNamed(def: FunctionDef, lower: string): boolean {
  return def.name.length === lower.length && def.name.toLowerCase() === lower;
}

/**
 * Names a condition proves defined: `$IsVariableDefined("X")`, also as one
 * side of `&&`. (Under `||` or `!` nothing is proven.)
 */
export function guardedNames(cond: Expr | undefined, scope?: Scope): Set<string> {
  const out = new Set<string>();
  // `$EventName == "scan.completed"` (or several joined by `||`) narrows the
  // events: every variable all of those events define is defined there.
  const events = scope ? eventsOf(cond) : undefined;
  if (scope && events && events.size) {
    for (const name of scope.names()) {
      const v = scope.lookup(name.toLowerCase());
      if (v && v.kind === 'event' && [...events].every((e) => v.definedBy.includes(e))) out.add(name.toLowerCase());
    }
  }
  // A stack, not recursion: `&&` chains can be thousands long (the result must not depend on the stack size).
  const stack: (Expr | undefined)[] = [cond];
  while (stack.length > 0) {
    const e = stack.pop();
    if (!e) continue;
    if (e.kind === 'Paren') stack.push(e.expr);
    else if (e.kind === 'Binary' && e.op === '&&') stack.push(e.right, e.left);
    else if (e.kind === 'Call' && e.name.toLowerCase() === 'isvariabledefined' && e.args.length === 1) {
      const name = constantText(e.args[0]!);
      if (name !== undefined) out.add(name.trim().replace(/^[$@%]/, '').toLowerCase());
    }
  }
  return out;
}

/** The events a condition restricts to (`$EventName == "a.b"`, `||` of such, either side of `&&`), or undefined. */
function eventsOf(e: Expr | undefined): Set<string> | undefined {
  if (!e) return undefined;
  if (e.kind === 'Paren') return eventsOf(e.expr);
  if (e.kind !== 'Binary') return undefined;
  if (e.op === '==') {
    const [v, c] = e.left?.kind === 'Variable' ? [e.left, e.right] : [e.right, e.left];
    if (v?.kind !== 'Variable' || v.name.toLowerCase() !== 'eventname' || !c) return undefined;
    const text = constantText(c);
    return text === undefined ? undefined : new Set([text]);
  }
  if (e.op !== '||' && e.op !== '&&') return undefined;
  // A left-deep chain of one operator is folded in a loop, as the tree would be evaluated
  // node by node: chains can be thousands long, and the result must not depend on the stack size.
  const op = e.op;
  const rights: (Expr | undefined)[] = [];
  let bottom: Expr | undefined = e;
  while (bottom?.kind === 'Binary' && bottom.op === op) {
    rights.push(bottom.right);
    bottom = bottom.left;
  }
  let a = eventsOf(bottom);
  for (let i = rights.length - 1; i >= 0; i--) {
    const b = eventsOf(rights[i]);
    a = op === '||' ? (a && b ? new Set([...a, ...b]) : undefined) : a && b ? new Set([...a].filter((x) => b.has(x))) : (a ?? b);
  }
  return a;
}

const arities = new WeakMap<readonly ParamDef[], { min: number; max: number }>();

/** Once per function (every call of the file asks). */
function arity(params: readonly ParamDef[]): { min: number; max: number } {
  let found = arities.get(params);
  if (!found) arities.set(params, (found = computeArity(params)));
  return found;
}

function computeArity(params: readonly ParamDef[]): { min: number; max: number } {
  const min = params.filter((p) => !p.optional && !p.variadic).length + (params.some((p) => p.variadic && !p.optional) ? 1 : 0);
  const max = params.some((p) => p.variadic) ? Infinity : params.length;
  return { min: Math.min(min, max), max };
}

function paramAt(params: readonly ParamDef[], i: number): ParamDef | undefined {
  if (i < params.length) return params[i];
  const last = params[params.length - 1];
  return last?.variadic ? last : undefined;
}

export function fitsParam(type: Type, param: ParamDef['type']): boolean {
  if (type.kind === 'any') return true;
  switch (param) {
    case 'value':
      return true;
    case 'scalar':
      return sigilOf(type) === '$' && type.kind !== 'secret';
    case 'list':
      return type.kind === 'list';
    case 'map':
      return type.kind === 'map' || type.kind === 'record';
    default:
      return isAssignable(type, param);
  }
}

function describeParam(param: ParamDef['type']): string {
  switch (param) {
    case 'value':
      return 'a value';
    case 'scalar':
      return 'a scalar ($)';
    case 'list':
      return 'a list (@)';
    case 'map':
      return 'a map or record (%)';
    default:
      return describeType(param);
  }
}

/** `$Join(separator, @list)` — how messages show a signature. */
export function signatureOf(def: FunctionDef): string {
  let out = '';
  def.params.forEach((p, i) => {
    const sigil = p.type === 'list' || (typeof p.type === 'object' && p.type.kind === 'list') ? '@' : p.type === 'map' || (typeof p.type === 'object' && (p.type.kind === 'map' || p.type.kind === 'record')) ? '%' : '';
    const text = `${sigil}${p.name}${p.variadic ? ', …' : ''}`;
    const sep = i === 0 ? '' : ', ';
    out += p.optional ? `[${sep}${text}]` : `${sep}${text}`;
  });
  return `\`${def.sigils[0] ?? '$'}${def.name}(${out})\``;
}

export function describeType(type: Type): string {
  switch (type.kind) {
    case 'list':
      return `a list (${typeToString(type)})`;
    case 'map':
      return `a map (${typeToString(type)})`;
    case 'record':
      return `a record (${typeToString(type)})`;
    case 'any':
      return 'any value';
    default:
      return `a ${type.kind}`;
  }
}

function coalesceScope(call: CallExpr, scope: Scope): Scope {
  const names = new Set(call.args.flatMap((a) => (a.kind === 'Variable' ? [a.name.toLowerCase()] : [])));
  return names.size ? new GuardScope(scope, names) : scope;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A scalar computed from a secret is a secret (`$Coalesce($Secret("m"), "POST")`); a bool answer reveals nothing worth hiding. */
function taintedBySecret(result: Type, argTypes: readonly Type[]): boolean {
  return result.kind !== 'bool' && (isScalar(result) || result.kind === 'any') && argTypes.some(containsSecret);
}

function secretNote(...types: Type[]): string {
  return types.some((t) => t.kind === 'secret') ? `; ${SECRET_HINT}` : '';
}

export function sigilMeaning(sigil: '$' | '@' | '%'): string {
  return sigil === '$' ? '`$` is for scalars' : sigil === '@' ? '`@` is for lists' : '`%` is for maps and records';
}

export function sigilFix(span: Span, sigil: Sigil, written: string): Fix {
  return { title: `Change to \`${written}\``, edits: [{ span: { start: span.start, end: span.start + 1 }, newText: sigil }], preferred: true };
}

function isScalarType(type: Type): boolean {
  return sigilOf(type) === '$' || type.kind === 'any';
}

function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The text of a string without interpolations or tags; undefined otherwise. */
export function constantText(expr: Expr | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'Paren') return expr.expr ? constantText(expr.expr) : undefined;
  if (expr.kind !== 'String') return undefined;
  const parts = expr.parts;
  // One part, the usual string: its value as is, nothing concatenated.
  if (parts.length === 1) return parts[0]!.kind === 'Text' ? parts[0]!.value : undefined;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind !== 'Text') return undefined;
    out += p.value;
  }
  return out;
}

/** A literal's value, for functions' `checkArgs` (e.g. a constant regex). */
export function constantValue(expr: Expr): Value | undefined {
  switch (expr.kind) {
    case 'Number':
      return expr.value;
    case 'Bool':
      return expr.value;
    case 'Duration':
      return new DurationValue(expr.ms, expr.raw);
    case 'String':
      return constantText(expr);
    case 'Paren':
      return expr.expr ? constantValue(expr.expr) : undefined;
    default:
      return undefined;
  }
}
