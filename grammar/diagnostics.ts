import type { Span } from './syntax/ast';

/**
 * Diagnostic codes of spec section 11. Codes are stable; messages may change.
 * The severity of each code is fixed here, in one place.
 */
export const DIAGNOSTIC_CODES = {
  NTF001: { severity: 'error', title: 'Syntax error' },
  NTF002: { severity: 'error', title: 'Unterminated string, swim string or comment' },
  NTF003: { severity: 'error', title: 'Stray `$` in text, or bad escape' },
  NTF004: { severity: 'error', title: 'Unquoted text' },
  NTF005: { severity: 'error', title: 'Expression nested too deeply' },
  NTF006: { severity: 'warning', title: 'Bidirectional control character' },
  NTF101: { severity: 'error', title: 'Unknown event' },
  NTF102: { severity: 'error', title: 'Unknown variable' },
  NTF103: { severity: 'warning', title: "Variable defined by only some of the notifier's events" },
  NTF104: { severity: 'error', title: "Sigil does not match the variable's kind" },
  NTF105: { severity: 'hint', title: 'Variable written in another case than declared' },
  NTF110: { severity: 'error', title: 'Unknown function' },
  NTF111: { severity: 'error', title: 'Wrong number of arguments' },
  NTF112: { severity: 'error', title: 'Argument of the wrong type' },
  NTF113: { severity: 'error', title: 'Call sigil does not match what the function returns' },
  NTF120: { severity: 'error', title: 'Operand types do not fit the operator' },
  NTF121: { severity: 'error', title: 'Condition is not a bool' },
  NTF122: { severity: 'error', title: 'List or map in text' },
  NTF123: { severity: 'error', title: 'Unknown key of a record' },
  NTF201: { severity: 'error', title: 'Unknown property for this channel' },
  NTF202: { severity: 'error', title: 'Required property missing' },
  NTF203: { severity: 'error', title: 'Property value of the wrong type' },
  NTF204: { severity: 'error', title: 'Property set twice' },
  NTF205: { severity: 'error', title: 'Invalid URL' },
  NTF206: { severity: 'error', title: 'Invalid email address' },
  NTF207: { severity: 'warning', title: 'Credential written in the file' },
  NTF208: { severity: 'info', title: 'URL of another service' },
  NTF209: { severity: 'warning', title: 'Retired Office 365 connector URL' },
  NTF210: { severity: 'warning', title: 'Secret used in message text' },
  NTF211: { severity: 'error', title: 'Environment variable not allowed' },
  NTF212: { severity: 'warning', title: 'Body that is not JSON sent as JSON' },
  NTF213: { severity: 'error', title: 'Message property the service requires is neither written nor defaulted' },
  NTF220: { severity: 'warning', title: 'Slack `blocks` without a `text` fallback' },
  NTF221: { severity: 'error', title: 'Block Kit limit passed by the written text or items' },
  NTF222: { severity: 'error', title: 'Block without a known Block Kit `type`' },
  NTF223: { severity: 'error', title: 'Slack `color` or `fields` beside `blocks`' },
  NTF225: { severity: 'error', title: "Text longer than the service's documented limit" },
  NTF226: { severity: 'warning', title: 'Email HTML over 102 KB (Gmail clips it)' },
  NTF227: { severity: 'warning', title: 'Adaptive Card action that does not work through a webhook' },
  NTF228: { severity: 'warning', title: 'Teams MessageCard sent to a Workflows URL' },
  NTF229: { severity: 'warning', title: 'Teams Adaptive Card sent to an Office 365 connector URL' },
  NTF230: { severity: 'error', title: 'Teams property of the other card format' },
  NTF301: { severity: 'error', title: 'Notifier without `on`' },
  NTF302: { severity: 'warning', title: 'Notifier without a channel' },
  NTF303: { severity: 'error', title: 'Duplicate notifier or sample name' },
  NTF304: { severity: 'error', title: 'More than one `on`' },
  NTF340: { severity: 'error', title: '`each` over something that is not a list' },
  NTF341: { severity: 'error', title: '`digest by` key that is not a scalar' },
  NTF342: { severity: 'error', title: 'Second `each`, `digest` or `scope`, or `each` with `digest`' },
  NTF343: { severity: 'error', title: 'Unknown scope' },
  NTF344: { severity: 'error', title: 'Unknown recipient group' },
  NTF345: { severity: 'error', title: 'Recipient group with no members' },
  NTF346: { severity: 'error', title: 'Recipients file unreadable or invalid' },
  NTF347: { severity: 'error', title: '`%SecretMap` used other than as the whole value of `headers`' },
  NTF348: { severity: 'error', title: 'Recipient group in `from`' },
  NTF349: { severity: 'error', title: "Function reads event data the notifier's events do not carry" },
  NTF401: { severity: 'error', title: 'Import not found or not a valid catalog' },
  NTF402: { severity: 'error', title: 'Sample sets an unknown variable or a value of the wrong type' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * A text edit a quick fix applies: replace `span` of the file with `newText`.
 * Spans are offsets into the same file the diagnostic is about.
 */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A machine-readable quick fix (the language server turns it into a code action). */
export interface Fix {
  /** What the fix does, for the lightbulb menu, e.g. "Change to `$PackageId`". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one fix an editor may apply on "fix all" / as preferred. */
  readonly preferred?: boolean;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly fixes?: readonly Fix[];
  /** Extra locations, e.g. the first declaration of a duplicate name. */
  readonly related?: readonly { readonly span: Span; readonly message: string }[];
}

/** Builds a diagnostic with the code's fixed severity. */
export function diagnostic(
  code: DiagnosticCode,
  span: Span,
  message: string,
  extra: { fixes?: readonly Fix[]; related?: Diagnostic['related'] } = {},
): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, message, span, ...extra };
}

/** A stable page per code in docs/diagnostics.md, for editors' code links. */
export function diagnosticDocAnchor(code: DiagnosticCode): string {
  return `docs/diagnostics.md#${code.toLowerCase()}`;
}
