/**
 * Names users bring from ProGet's notifier variables and from other template
 * languages (OtterScript, PowerShell, Jinja/Handlebars), mapped to what this
 * catalog and language call them. They feed the did-you-mean of NTF102
 * (unknown variable) and NTF110 (unknown function) where edit distance alone
 * finds nothing; keys are lower-case.
 */

/** ProGet variable name → the catalog variable meant (when the notifier's events define it). */
export const VARIABLE_ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  ['packagename', ['PackageId']],
  ['package', ['PackageId']],
  ['packageid', ['PackageId']],
  ['version', ['PackageVersion']],
  ['packageevent', ['WebhookEvent', 'EventName']],
  ['event', ['EventName', 'WebhookEvent']],
  ['eventtype', ['EventName']],
  ['feed', ['FeedName']],
  ['user', ['UserName']],
  ['tenantname', ['TenantDisplayName', 'Tenant']],
  ['releasenumber', ['BuildReleaseNumber']],
  ['projectname', ['BuildProjectName']],
  ['applicationname', ['BuildProjectName']],
  ['date', ['Timestamp']],
  ['now', ['Timestamp']],
]);

/** What a function name from another language is written as here. */
export interface FunctionAlias {
  /** An operator (`==`): `$eq(a, b)` is `a == b`. */
  readonly operator?: string;
  /** A unary operator: `$not(a)` is `!a`. */
  readonly prefix?: string;
  /** A Notify function with the same arguments. */
  readonly function?: string;
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
]);
