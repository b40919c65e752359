/**
 * Names users bring from ProGet's notifier variables and from other template
 * languages (OtterScript, PowerShell, Jinja/Handlebars), mapped to what this
 * catalog and language call them. They feed the did-you-mean of NTF102
 * (unknown variable) and NTF110 (unknown function) where edit distance alone
 * finds nothing; keys are lower-case.
 */

/**
 * Names from ProGet (and habits from other tools), as users write them, and
 * the catalog variables meant, first the one the notifier's events define.
 */
const ALIASES: readonly (readonly [spelled: string, targets: readonly string[], from: string])[] = [
  ['PackageName', ['PackageId'], "ProGet's name for the package name"],
  ['Package', ['PackageId'], 'the package name'],
  ['Version', ['PackageVersion'], 'the package version'],
  ['PackageEvent', ['WebhookEvent', 'EventName'], "ProGet's name for the package event"],
  ['Event', ['EventName', 'WebhookEvent'], 'the event'],
  ['EventType', ['EventName'], 'the event'],
  ['Feed', ['FeedName'], 'the feed'],
  ['User', ['UserName'], 'the user'],
  ['TenantName', ['TenantDisplayName', 'Tenant'], 'the tenant name'],
  ['ReleaseNumber', ['BuildReleaseNumber'], "ProGet's older name for the build's release number"],
  ['ProjectName', ['BuildProjectName'], "ProGet's older name for the build's project"],
  ['ApplicationName', ['BuildProjectName'], "BuildMaster's name for the project"],
  ['Date', ['Timestamp'], 'the time of the event'],
  ['Now', ['Timestamp'], 'the time of the event'],
];

/** Lower-case alias → the catalog variables meant (when the notifier's events define them). */
export const VARIABLE_ALIASES: ReadonlyMap<string, readonly string[]> = new Map(ALIASES.map(([a, t]) => [a.toLowerCase(), t]));

export interface VariableAlias {
  /** As users write it: `PackageName`. */
  readonly spelled: string;
  /** The declared name of the variable meant: `PackageId`. */
  readonly target: string;
  /** What the alias is, for hover and completion: "ProGet's name for the package name". */
  readonly from: string;
}

/**
 * The alias `name` is, resolved against what is in scope (`lookup` gives a
 * variable's declared name by lower-case name); undefined when `name` is not
 * an alias or none of its targets is in scope.
 */
export function resolveAlias(name: string, lookup: (lower: string) => string | undefined): VariableAlias | undefined {
  const entry = ALIASES.find(([a]) => a.toLowerCase() === name.toLowerCase());
  if (!entry) return undefined;
  for (const t of entry[1]) {
    const target = lookup(t.toLowerCase());
    if (target !== undefined) return { spelled: entry[0], target, from: entry[2] };
  }
  return undefined;
}

/** Every alias whose target is in scope (for completion). */
export function aliasesInScope(lookup: (lower: string) => string | undefined): VariableAlias[] {
  return ALIASES.map(([a]) => resolveAlias(a, lookup)).filter((x): x is VariableAlias => x !== undefined);
}

/** What a function name from another language is written as here. */
export interface FunctionAlias {
  /** An operator (`==`): `$eq(a, b)` is `a == b`. */
  readonly operator?: string;
  /** A unary operator: `$not(a)` is `!a`. */
  readonly prefix?: string;
  /** A Notify function with the same arguments. */
  readonly function?: string;
  /** No function does this here: what to write instead (a channel property), said in the diagnostic. */
  readonly advice?: string;
}

export const FUNCTION_ALIASES: ReadonlyMap<string, FunctionAlias> = new Map<string, FunctionAlias>([
  ['eq', { operator: '==' }], ['equals', { operator: '==' }], ['ne', { operator: '!=' }], ['neq', { operator: '!=' }],
  ['gt', { operator: '>' }], ['lt', { operator: '<' }], ['ge', { operator: '>=' }], ['gte', { operator: '>=' }],
  ['le', { operator: '<=' }], ['lte', { operator: '<=' }],
  ['and', { operator: '&&' }], ['or', { operator: '||' }], ['not', { prefix: '!' }],
  ['len', { function: 'ListCount' }], ['length', { function: 'ListCount' }], ['count', { function: 'ListCount' }],
  ['upper', { function: 'ToUpper' }], ['toupper', { function: 'ToUpper' }], ['lower', { function: 'ToLower' }], ['tolower', { function: 'ToLower' }],
  ['default', { function: 'Coalesce' }], ['ifnull', { function: 'Coalesce' }], ['json', { function: 'ToJson' }], ['tojson', { function: 'ToJson' }],
  ['like', { function: 'Matches' }], ['match', { function: 'MatchesRegex' }], ['regex', { function: 'MatchesRegex' }],
  ['replace', { function: 'Replace' }], ['join', { function: 'Join' }], ['split', { function: 'Split' }],
  // ProGet's webhook docs build an Authorization header with it; here the channel does it and keeps the password secret.
  ['encodebasicauth', { advice: 'for HTTP basic authentication write the channel property `auth = %(scheme: "basic", username: …, password: $Secret("…"));` instead of an `Authorization` header: the channel encodes it and the password stays a secret' }],
]);
