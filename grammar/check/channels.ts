import { RECIPIENTS_FILE } from '../catalog/recipients';
import { MAX_RETRIES, RESERVED_HEADERS, durationProblem, type PropertyDef } from '../channels/properties';
import { CHANNEL_KINDS, CHANNELS, serviceOfUrl, type ChannelKind } from '../channels/registry';
import { diagnostic, type Fix } from '../diagnostics';
import type { ChannelBlock, Expr, Property, StringLiteral } from '../syntax/ast';
import { isAssignable, type Type } from '../types/type';
import { guarded, removalSpan, strictChecks, type CheckContext } from './context';
import { constantText, describeType, type ExpressionChecker } from './expressions';
import {
  CREDENTIAL_KEYS,
  DYNAMIC,
  findCredential,
  isEmailAddress,
  mappedText,
  mapStringText,
  slug,
  spanOf,
  type MappedText,
} from './literals';
import type { Scope } from './scope';
import { checkPropertySoundness } from './soundness';
import { checkMessageLimit, checkPropertyLimit } from './limits';
import type { ChannelCheck } from '../channels/channel';
import { didYouMean } from './suggest';
import { forEachChildExpression } from './walk';
import { secretEnvVarName } from '../functions/secretName';

const COLOR_NAMES = ['good', 'warning', 'danger'];

/** What the secret a credential should move into is named after: the channel, the notifier and the map key. */
interface SecretNameParts {
  readonly channel: string;
  readonly notifierName: string | undefined;
}

/**
 * Checks one channel block against the channel property table (spec
 * section 6): NTF201–NTF212. Values are typed by the expression checker
 * first, so a property's variables and calls are checked too.
 */
const kindsOf = new WeakMap<ReadonlyMap<string, PropertyDef>, { required: readonly PropertyDef[]; jsonBodies: readonly PropertyDef[] }>();

/** A channel's required and JSON-body properties, in table order, found once (every block of the file asks). */
function propertyKinds(properties: ReadonlyMap<string, PropertyDef>): { required: readonly PropertyDef[]; jsonBodies: readonly PropertyDef[] } {
  let kinds = kindsOf.get(properties);
  if (!kinds) {
    const defs = [...properties.values()];
    kindsOf.set(properties, (kinds = { required: defs.filter((d) => d.required), jsonBodies: defs.filter((d) => d.jsonBody) }));
  }
  return kinds;
}

export class ChannelChecker {
  /** What a channel module's own property check may use (made once, not per property). */
  private readonly moduleCtx: ChannelCheck;

  constructor(
    private readonly ctx: CheckContext,
    private readonly exprs: ExpressionChecker,
  ) {
    this.moduleCtx = { report: (d) => this.ctx.report(d), typeOf: (e) => this.ctx.model.typeOf(e), text: this.ctx.text };
  }

  check(block: ChannelBlock, scope: Scope, notifierName: string | undefined): void {
    const spec = CHANNELS[block.channel];
    if (!spec) return;
    const seen = new Map<string, Property>();
    const properties = block.properties;
    for (let i = 0; i < properties.length; i++) {
      // As `guarded` does, without a closure per property: a failing one costs its own diagnostics only.
      try {
        this.property(block, properties[i]!, scope, notifierName, seen);
      } catch (e) {
        if (strictChecks()) throw e;
      }
    }
    const { required, jsonBodies } = propertyKinds(spec.properties);
    for (let i = 0; i < required.length; i++) {
      const def = required[i]!;
      if (!seen.has(def.name)) this.missing(block, def, notifierName);
    }
    for (let i = 0; i < jsonBodies.length; i++) this.jsonBody(seen, jsonBodies[i]!.name);
    const module = spec.module;
    const limit = module.messageLimit;
    if (limit) {
      guarded(undefined, () =>
        checkMessageLimit(this.ctx, block, limit, (name) => {
          const def = spec.properties.get(name);
          return def !== undefined && !def.secretAllowed && name !== 'url';
        }),
      );
    }
    if (module.checkBlock) {
      try {
        module.checkBlock(block, this.moduleCtx);
      } catch (e) {
        if (strictChecks()) throw e;
      }
    }
  }

  /**
   * NTF212: a body (a property marked `jsonBody`: the webhook's) that is plainly not JSON going out as
   * `application/json` (the default `content_type`): receivers that parse
   * by the header fail on it. Judged only when the file shows it — a body
   * written without interpolation that does not parse, or whose written start
   * cannot begin JSON — never by guessing what a template renders to.
   */
  private jsonBody(seen: Map<string, Property>, name: string): void {
    const body = seen.get(name)?.value;
    if (!body || body.kind !== 'String') return;
    const envelope = literalOf(seen.get('envelope')?.value);
    if (envelope === 'standard') return; // the body travels inside a JSON envelope
    const contentType = seen.get('content_type');
    const type = contentType ? literalOf(contentType.value) : 'application/json';
    if (type === undefined || !/\bjson\b/i.test(type)) return;
    const why = notJsonBecause(body);
    if (!why) return;
    const where = contentType ? `as \`${type}\`` : 'as `application/json` (the default `content_type`)';
    this.ctx.report(
      diagnostic(
        'NTF212',
        body.span,
        `This body is not JSON (${why}) but is sent ${where}. Build it with \`$ToJson(%(…))\`, or set \`content_type = "text/plain"\`.`,
      ),
    );
  }

  private property(block: ChannelBlock, prop: Property, scope: Scope, notifierName: string | undefined, seen: Map<string, Property>): void {
    const spec = CHANNELS[block.channel];
    if (prop.name.text === 'headers' && prop.value?.kind === 'Call' && prop.value.name.toLowerCase() === 'secretmap') this.exprs.secretMapsInHeaders.add(prop.value);
    const type = this.exprs.typeOf(prop.value, scope);
    const name = prop.name.text;
    const def = spec.properties.get(name) ?? spec.properties.get(name.toLowerCase());
    if (!def) {
      const names = [...spec.properties.keys()];
      const suggestion = didYouMean(name, names);
      this.ctx.report(
        diagnostic(
          'NTF201',
          prop.name.span,
          `\`${block.channel}\` has no property \`${name}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}${otherChannels(block.channel, name)} Its properties are ${names.map((n) => `\`${n}\``).join(', ')}.`,
          { fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ span: prop.name.span, newText: suggestion }], preferred: true }] : [] },
        ),
      );
      return;
    }
    if (def.name !== name) {
      this.ctx.report(
        diagnostic('NTF201', prop.name.span, `Property names are lower case: write \`${def.name}\`, not \`${name}\`.`, {
          fixes: [{ title: `Change to \`${def.name}\``, edits: [{ span: prop.name.span, newText: def.name }], preferred: true }],
        }),
      );
    }
    const first = seen.get(def.name);
    if (first) {
      this.ctx.report(
        diagnostic('NTF204', prop.name.span, `\`${def.name}\` is already set in this \`${block.channel}\` block; remove one of them.`, {
          related: [{ span: first.name.span, message: `\`${def.name}\` first set here` }],
          fixes: [{ title: `Remove this \`${def.name}\``, edits: [{ span: removalSpan(this.ctx, prop.span), newText: '' }] }],
        }),
      );
      return;
    }
    seen.set(def.name, prop);
    const value = prop.value;
    if (!value) return;

    // Named only for a credential found (rare): not slugged per property.
    const secretName = { channel: block.channel, notifierName };
    this.valueType(def, value, type);
    this.closedValues(def, value);
    if (def.literal === 'retries') this.retries(value);
    if (def.literal === 'color') this.color(value);
    if (def.literal === 'url') this.url(block, value, def);
    if (def.literal === 'emails') this.emails(value, def.name);
    spec.module.checkProperty?.(def.name, value, this.moduleCtx);
    if (def.limit && mayBeSent(block, def)) checkPropertyLimit(this.ctx, def.name, def.limit, value);
    if (def.name === 'headers') this.headers(value);
    checkPropertySoundness(this.ctx, block.channel, def, value);
    if (def.name === 'backoff' && value.kind === 'List' && value.items.length === 0) {
      this.ctx.report(diagnostic('NTF203', value.span, '`backoff` needs at least one duration, e.g. `@(10s, 1m, 5m)`.'));
    }
    if (def.name === 'timeout' || def.name === 'backoff') this.durationBounds(def.name, value);
    this.credentials(value, def, secretName, def.name === 'auth' || def.name === 'signing' || def.name === 'headers' ? def.name : undefined);
    if (def.messageText) this.secretsInText(def, value);
  }

  // ------------------------------------------------------------------ types and values

  private valueType(def: PropertyDef, value: Expr, type: Type): void {
    if (type.kind === 'any') return;
    if (type.kind === 'secret') {
      if (def.secretAllowed || def.messageText) return; // allowed, or NTF210
      this.ctx.report(
        diagnostic('NTF203', value.span, `\`${def.name}\` cannot hold a secret: secrets ($Secret, $Env) may only flow into url, headers, auth and signing.`),
      );
      return;
    }
    if (def.types.some((t) => isAssignable(type, t))) return;
    const expected = def.types.map(describeType).join(' or ');
    const fixes: Fix[] = [];
    const text = constantText(value);
    if (text !== undefined) {
      if (def.types.some((t) => t.kind === 'duration') && /^\d+(ms|s|m|h|d)$/.test(text.trim())) {
        fixes.push({ title: `Change to the duration ${text.trim()}`, edits: [{ span: value.span, newText: text.trim() }], preferred: true });
      } else if (def.types.some((t) => t.kind === 'number') && /^-?\d+(\.\d+)?$/.test(text.trim())) {
        fixes.push({ title: `Change to the number ${text.trim()}`, edits: [{ span: value.span, newText: text.trim() }], preferred: true });
      }
    }
    if (value.kind === 'Number' && def.types.some((t) => t.kind === 'string')) {
      fixes.push({ title: `Change to the string "${value.raw}"`, edits: [{ span: value.span, newText: `"${value.raw}"` }], preferred: true });
    }
    // `body = %(…)`: a map or list where text is expected is meant as JSON.
    const source = this.ctx.text?.slice(value.span.start, value.span.end);
    if (source !== undefined && (type.kind === 'map' || type.kind === 'record' || type.kind === 'list') && def.types.some((t) => t.kind === 'string')) {
      fixes.push({ title: 'Convert it with $ToJson(…)', edits: [{ span: value.span, newText: `$ToJson(${source})` }], preferred: true });
    }
    const example = def.defaultText && !def.defaultText.startsWith('the ') ? ` (default: ${def.defaultText})` : '';
    this.ctx.report(
      diagnostic('NTF203', value.span, `\`${def.name}\` must be ${expected}, but this is ${describeType(type)}${example}.`, { fixes }),
    );
  }

  private closedValues(def: PropertyDef, value: Expr): void {
    if (!def.values || value.kind !== 'String') return;
    const text = constantText(value);
    if (text === undefined || def.values.includes(text)) return;
    const exactCase = def.values.find((v) => v.toLowerCase() === text.toLowerCase());
    const suggestion = exactCase ?? didYouMean(text, def.values);
    const allowed = def.values.map((v) => `"${v}"`).join(', ');
    this.ctx.report(
      diagnostic('NTF203', value.span, `\`${def.name}\` must be one of ${allowed}, not "${text}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, {
        fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: value.span, newText: `"${suggestion}"` }], preferred: true }] : [],
      }),
    );
  }

  /** `timeout` ≤ 10m and `backoff` items ≤ 5m, for the literals written (the renderer and dispatcher check the rest). */
  private durationBounds(property: 'timeout' | 'backoff', value: Expr): void {
    const literals = value.kind === 'Duration' ? [value] : value.kind === 'List' ? value.items.filter((i) => i.kind === 'Duration') : [];
    for (const d of literals) {
      if (d.kind !== 'Duration') continue;
      const problem = durationProblem(property, d.ms);
      if (problem === null) continue;
      const fix = d.ms > 0 ? (property === 'timeout' ? '10m' : '5m') : null;
      this.ctx.report(
        diagnostic('NTF203', d.span, `${problem}, not ${d.raw}.`, {
          fixes: fix ? [{ title: `Change to ${fix}`, edits: [{ span: d.span, newText: fix }], preferred: true }] : [],
        }),
      );
    }
  }

  private retries(value: Expr): void {
    if (value.kind !== 'Number') return;
    if (Number.isInteger(value.value) && value.value >= 0 && value.value <= MAX_RETRIES) return;
    const clamped = Math.max(0, Math.min(MAX_RETRIES, Math.round(value.value)));
    this.ctx.report(
      diagnostic('NTF203', value.span, `\`retries\` must be a whole number from 0 to ${MAX_RETRIES}, not ${value.raw}.`, {
        fixes: [{ title: `Change to ${clamped}`, edits: [{ span: value.span, newText: String(clamped) }], preferred: true }],
      }),
    );
  }

  private color(value: Expr): void {
    if (value.kind !== 'String') return;
    const text = constantText(value);
    if (text === undefined) return;
    if (/^#[0-9a-fA-F]{6}$/.test(text) || COLOR_NAMES.includes(text)) return;
    let suggestion = COLOR_NAMES.find((c) => c === text.toLowerCase()) ?? didYouMean(text, COLOR_NAMES);
    const short = /^#?([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/.exec(text) ?? undefined;
    if (!suggestion && short) suggestion = `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
    if (!suggestion && /^[0-9a-fA-F]{6}$/.test(text)) suggestion = `#${text}`;
    this.ctx.report(
      diagnostic('NTF203', value.span, `\`color\` must be \`#rrggbb\`, "good", "warning" or "danger", not "${text}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, {
        fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ span: value.span, newText: `"${suggestion}"` }], preferred: true }] : [],
      }),
    );
  }

  private headers(value: Expr): void {
    if (value.kind !== 'Map') return;
    for (const entry of value.entries) {
      if (RESERVED_HEADERS.has(entry.key.toLowerCase())) {
        this.ctx.report(
          diagnostic('NTF203', entry.keySpan, `Header \`${entry.key}\` cannot be set: the connection sets it from the URL (a \`Host\` that differs from the URL's host would send the request to one service under another's name).`, {
            fixes: [],
          }),
        );
      }
      if (!entry.value) continue;
      // `%SecretMap` as one header's value is NTF347 already (one mistake, one diagnostic).
      if (entry.value.kind === 'Call' && entry.value.name.toLowerCase() === 'secretmap') continue;
      const t = this.ctx.model.typeOf(entry.value);
      if (t && t.kind !== 'string' && t.kind !== 'secret' && t.kind !== 'any') {
        this.ctx.report(diagnostic('NTF203', entry.value.span, `Header \`${entry.key}\` must be a string or a secret, but this is ${describeType(t)}.`));
      }
    }
  }

  // ------------------------------------------------------------------ literals

  private url(block: ChannelBlock, value: Expr, def: PropertyDef): void {
    if (value.kind !== 'String') return;
    const text = mappedText(value);
    const dynamicAt = text.indexOf(DYNAMIC);
    const constant = dynamicAt < 0;
    const prefix = constant ? text : text.slice(0, dynamicAt);
    const problem = urlProblem(prefix, constant);
    if (problem) {
      // `example.com/hook`: a host without a scheme is meant as https.
      const hostFirst = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/|$)/i.test(prefix) && this.ctx.text !== undefined;
      const fixes: Fix[] = hostFirst
        ? [{ title: 'Add https://', edits: [{ span: { start: value.contentSpan.start, end: value.contentSpan.start }, newText: 'https://' }], preferred: true }]
        : [];
      this.ctx.report(diagnostic('NTF205', value.span, `\`${def.name}\` ${problem}, e.g. "https://example.com/hooks/notify".`, { fixes }));
      return;
    }
    // The service is decidable when the host is written out.
    const service = constant ? serviceOfUrl(prefix) : /^https?:\/\/[^/]+\//i.test(prefix) ? serviceOfUrl(prefix) : undefined;
    if (!service) return;
    if (service.retired) {
      this.ctx.report(diagnostic('NTF209', value.span, service.retired));
      return;
    }
    if (service.kind === block.channel) return;
    const target = CHANNELS[service.kind];
    const named = target.module.service!;
    const fits = block.properties.every((p) => target.properties.has(p.name.text));
    this.ctx.report(
      diagnostic(
        'NTF208',
        value.span,
        `This is ${named.webhookLabel} in a \`${block.channel}\` channel; a \`${target.kind}\` channel sends the payload ${named.name} expects.${fits ? '' : ` (Changing it also needs its properties changed: \`${target.kind}\` has no ${block.properties.filter((p) => !target.properties.has(p.name.text)).map((p) => `\`${p.name.text}\``).join(', ')}.)`}`,
        { fixes: fits ? [{ title: `Change the channel to \`${target.kind}\``, edits: [{ span: block.keywordSpan, newText: target.kind }], preferred: true }] : [] },
      ),
    );
  }

  private emails(value: Expr, property: string): void {
    if (value.kind === 'String') this.addresses(value, property);
    else if (value.kind === 'List') {
      for (let i = 0; i < value.items.length; i++) {
        const item = value.items[i]!;
        if (item.kind === 'String') this.addresses(item, property);
      }
    }
  }

  /**
   * The addresses of one string of `to`/`cc`/`bcc`/`from`. Its text is
   * mapped to source offsets (`mapStringText`, an array entry per character)
   * only when a piece is reported: the usual string of good addresses needs
   * none.
   */
  private addresses(str: StringLiteral, property: string): void {
    const text = mappedText(str);
    let mapped: MappedText | undefined;
    let from = 0;
    const pieces = text.split(',');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const start = from;
      from += piece.length + 1;
      if (piece.includes(DYNAMIC)) continue;
      const trimmed = piece.trim();
      if (trimmed === '') {
        // An empty piece only matters when it is all there is, or between addresses.
        if (pieces.length === 1 || (i > 0 && i < pieces.length - 1)) {
          this.ctx.report(diagnostic('NTF206', str.span, pieces.length === 1 ? 'The address is empty; write e.g. "ops@example.com".' : 'An address is missing between two commas.'));
        }
        continue;
      }
      if (isEmailAddress(trimmed)) continue;
      mapped ??= mapStringText(str);
      const lead = piece.length - piece.trimStart().length;
      if (trimmed.startsWith('@') && property === 'from') {
        const span = spanOf(mapped, start + lead, start + lead + trimmed.length);
        this.ctx.report(
          diagnostic('NTF348', span, `\`from\` is the one sender of the message: a recipient group (\`${trimmed}\`) cannot be it. Write an address, e.g. \`from = "notify@example.com";\`, or leave \`from\` out to use SMTP_FROM.`),
        );
        continue;
      }
      if (trimmed.startsWith('@')) {
        this.recipientGroup(trimmed.slice(1), spanOf(mapped, start + lead, start + lead + trimmed.length), spanOf(mapped, start + lead + 1, start + lead + trimmed.length));
        continue;
      }
      const span = spanOf(mapped, start + lead, start + lead + trimmed.length);
      // `a@x.com; b@x.com`: Outlook's separator; the language uses commas.
      const semicolons = trimmed.includes(';') && trimmed.split(';').every((a) => a.trim() === '' || isEmailAddress(a));
      const at = mapped;
      const fixes = semicolons
        ? [
            {
              title: 'Separate the addresses with commas',
              edits: [...trimmed.matchAll(/;/g)].map((m) => ({ span: spanOf(at, start + lead + m.index!, start + lead + m.index! + 1), newText: ',' })),
              preferred: true,
            },
          ]
        : [];
      this.ctx.report(
        diagnostic('NTF206', span, `"${trimmed}" is not a valid email address; write \`name@example.com\` or \`Name <name@example.com>\`${trimmed.includes(';') ? ', separated by commas' : ''}.`, { fixes }),
      );
    }
  }

  /** `@name` in to/cc/bcc (LANGUAGE.md 2.4): NTF344 unknown, NTF345 empty, NTF346 bad file, NTF206 bad member. */
  private recipientGroup(name: string, span: import('../syntax/ast').Span, nameSpan: import('../syntax/ast').Span): void {
    const book = this.ctx.catalog?.recipients;
    if (!book) {
      this.ctx.report(diagnostic('NTF344', span, `Unknown recipient group \`@${name}\`: no ${RECIPIENTS_FILE} was found in this file's folder or above. Create one: {"groups": {"${name}": ["name@example.com"]}}.`));
      return;
    }
    if (!book.ok) {
      this.ctx.report(diagnostic('NTF346', span, `Recipient group \`@${name}\` cannot be resolved: ${book.error}.`));
      return;
    }
    const group = book.groups.get(name.toLowerCase());
    if (!group) {
      const names = [...book.groups.values()].map((g) => g.name);
      const guess = didYouMean(name, names, 3);
      this.ctx.report(
        diagnostic('NTF344', span, `Unknown recipient group \`@${name}\`${guess ? ` (did you mean \`@${guess}\`?)` : ''}; the groups of ${book.path} are ${names.map((n) => `\`@${n}\``).join(', ') || 'none'}.`, {
          fixes: guess ? [{ title: `Change to \`@${guess}\``, edits: [{ span: nameSpan, newText: guess }], preferred: true }] : [],
        }),
      );
      return;
    }
    if (!group.members.length) {
      this.ctx.report(diagnostic('NTF345', span, `Recipient group \`@${group.name}\` has no members in ${book.path}: the message would reach nobody in it.`));
      return;
    }
    if (group.invalid.length) {
      this.ctx.report(diagnostic('NTF206', span, `Recipient group \`@${group.name}\` holds ${group.invalid.map((m) => `"${m}"`).join(', ')}, not valid email address${group.invalid.length === 1 ? '' : 'es'} (in ${book.path}).`));
    }
  }

  /** NTF207: credentials written into the file, with a fix that moves them into `$Secret(...)`. */
  private credentials(value: Expr, def: PropertyDef, secretName: SecretNameParts, mapProperty: string | undefined): void {
    this.credentialsIn(value, undefined, def, secretName, mapProperty);
  }

  /** A method rather than a closure made per property: every property value of the file passes here. */
  private credentialsIn(expr: Expr, key: string | undefined, def: PropertyDef, secretName: SecretNameParts, mapProperty: string | undefined): void {
    if (expr.kind === 'String') {
      this.credentialString(expr, def, secretName, key, mapProperty);
      return;
    }
    if (expr.kind === 'Map') {
      for (const e of expr.entries) if (e.value) this.credentialsIn(e.value, e.key, def, secretName, mapProperty);
      return;
    }
    if (expr.kind === 'List' || expr.kind === 'Paren') forEachChildExpression(expr, (c) => this.credentialsIn(c, key, def, secretName, mapProperty));
  }

  private credentialString(str: StringLiteral, def: PropertyDef, nameOf: SecretNameParts, key: string | undefined, mapProperty: string | undefined): void {
    const text = constantText(str);
    const keyed =
      key !== undefined &&
      mapProperty !== undefined &&
      (CREDENTIAL_KEYS.has(key.toLowerCase()) || (mapProperty === 'auth' && key.toLowerCase() === 'value'));
    let what: string | undefined;
    if (keyed && text !== undefined && text.trim() !== '') what = `a literal \`${key}\``;
    else {
      // A constant string's mapped text is its text: not built twice.
      const found = findCredential(text ?? mappedText(str));
      if (found) what = found.what;
    }
    if (!what) return;
    const base = `${nameOf.channel}${nameOf.notifierName ? `-${slug(nameOf.notifierName)}` : ''}`;
    const secretName = key ? `${base}-${slug(key)}` : base;
    const fixes: Fix[] =
      def.secretAllowed && text !== undefined
        ? [
            {
              title: `Move it into $Secret("${secretName}")`,
              edits: [{ span: str.span, newText: `$Secret("${secretName}")` }],
              preferred: true,
            },
          ]
        : [];
    this.ctx.report(
      diagnostic(
        'NTF207',
        str.span,
        `This is ${what}, written in the file: anyone who can read the file can use it. Keep it in secret storage and write \`$Secret("${secretName}")\` (set it with the editor's "Notify: Set Secret" or the environment variable ${secretEnvVarName(secretName)}).`,
        { fixes },
      ),
    );
  }

  /** NTF210: a secret flowing into text a person reads. */
  private secretsInText(def: PropertyDef, value: Expr): void {
    const sources: Expr[] = [];
    const visit = (expr: Expr) => {
      const type = this.ctx.model.typeOf(expr);
      if (expr.kind === 'Call' && (this.ctx.model.resolveCall(expr)?.secretLike || type?.kind === 'secret')) {
        // a call computed from a secret (`$Coalesce($Env("K"), …)`): point at the secret itself
        const before = sources.length;
        if (!this.ctx.model.resolveCall(expr)?.secretLike) forEachChildExpression(expr, visit);
        if (sources.length === before) sources.push(expr);
        return;
      }
      if (expr.kind === 'Variable' && type?.kind === 'secret') {
        sources.push(expr);
        return;
      }
      forEachChildExpression(expr, visit);
    };
    visit(value);
    for (const s of sources) {
      this.ctx.report(
        diagnostic(
          'NTF210',
          s.span,
          `A secret in \`${def.name}\` would be sent as readable message text. Secrets belong in url, headers, auth and signing; leave it out of the message.`,
        ),
      );
    }
  }

  // ------------------------------------------------------------------ required properties

  private missing(block: ChannelBlock, def: PropertyDef, notifierName: string | undefined): void {
    const fixes: Fix[] = [];
    if (block.bodySpan) {
      const indent = this.indentOf(block.keywordSpan.start) + '    ';
      const value =
        def.name === 'url' || def.secretAllowed
          ? `$Secret("${block.channel}${notifierName ? `-${slug(notifierName)}` : ''}")`
          : def.name === 'to'
            ? '"someone@example.com"'
            : '""';
      fixes.push({
        title: `Add \`${def.name} = ${value};\``,
        edits: [{ span: { start: block.bodySpan.start + 1, end: block.bodySpan.start + 1 }, newText: `\n${indent}${def.name} = ${value};` }],
        preferred: true,
      });
    }
    this.ctx.report(
      diagnostic('NTF202', block.keywordSpan, `\`${block.channel}\` needs \`${def.name}\`: ${def.doc}`, { fixes }),
    );
  }

  private indentOf(offset: number): string {
    const text = this.ctx.text;
    if (!text) return '';
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  }
}

/** " (`body` is a property of `webhook` and `email`.)" — a property written in the wrong channel. */
function otherChannels(channel: ChannelKind, name: string): string {
  const owners = CHANNEL_KINDS.filter((k) => k !== channel && CHANNELS[k].properties.has(name));
  if (owners.length === 0) return '';
  const list = owners.map((k) => `\`${k}\``);
  const text = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return ` (\`${name}\` is a property of ${text}.)`;
}

/** An http(s) URL with a host, no spaces anywhere: if it parses at all, nothing below objects to it. */
const PLAIN_HTTP_URL = /^https?:\/\/[A-Za-z0-9._~-]+(?::\d+)?(?:[/?#]\S*)?$/;

/** Why a URL (or the constant start of a templated one) is not an absolute http(s) URL; undefined when fine or undecidable. */
function urlProblem(prefix: string, constant: boolean): string | undefined {
  if (constant) {
    // The common case, decided without building a URL object (one per literal URL of a large file adds up).
    if (PLAIN_HTTP_URL.test(prefix) && URL.canParse(prefix)) return undefined;
    if (prefix.trim() === '') return 'is empty; it needs an absolute http(s) URL';
    let url: URL;
    try {
      url = new URL(prefix);
    } catch {
      return `is not an absolute URL ("${prefix}")`;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must use http or https, not ${url.protocol.slice(0, -1)}`;
    if (!url.hostname) return 'has no host';
    if (prefix !== prefix.trim()) return 'has spaces around it';
    return undefined;
  }
  // Templated: only the written start is known. A start that may still
  // become http:// or https:// (or is empty) is not decidable.
  const lower = prefix.toLowerCase();
  if (lower === '' || 'https://'.startsWith(lower) || 'http://'.startsWith(lower)) return undefined;
  if (lower.startsWith('http://') || lower.startsWith('https://')) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(lower);
  if (scheme) return `must use http or https, not ${scheme[1]}`;
  return `must start with http:// or https:// (it starts with "${prefix.slice(0, 30)}")`;
}

/** The text of a string literal without interpolation or tags; undefined otherwise. */
/** False when the block shows the property is not sent (PropertyDef.sentOnlyWhen): its limit does not apply. */
function mayBeSent(block: ChannelBlock, def: PropertyDef): boolean {
  const when = def.sentOnlyWhen;
  if (!when) return true;
  const other = block.properties.find((p) => p.name.text === when.property);
  if (!other) return when.byDefault;
  const written = literalOf(other.value);
  return written === undefined || when.oneOf.includes(written.trim().toLowerCase());
}

function literalOf(value: Expr | undefined): string | undefined {
  if (!value || value.kind !== 'String' || value.parts.some((p) => p.kind !== 'Text')) return undefined;
  return value.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('');
}

/** Why a written body cannot be JSON, or null when it is or may be. */
function notJsonBecause(body: StringLiteral): string | null {
  const whole = literalOf(body);
  if (whole !== undefined) {
    if (whole.trim() === '') return null;
    try {
      JSON.parse(whole);
      return null;
    } catch {
      return 'it does not parse as JSON';
    }
  }
  const first = body.parts[0];
  const lead = first?.kind === 'Text' ? first.value.trimStart() : '';
  if (lead === '' || /^[{["\-0-9]/.test(lead) || /^(true|false|null)(?![A-Za-z0-9_])/.test(lead)) return null;
  return `it starts with \`${lead.split('\n')[0]!.slice(0, 20).trimEnd()}\``;
}
