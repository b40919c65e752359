/**
 * Replaces every known secret value in text with its placeholder, including
 * the encoded forms a value takes on its way out (base64 in a Basic header,
 * URL-encoding in a query string, JSON escaping in an echoed body), so that
 * nothing reported after a send can carry a secret.
 */
export class Redactor {
  private readonly forms = new Map<string, string>();
  private pattern: RegExp | null = null;

  /** Registers `value` (and its encodings) to be shown as `mask`. */
  add(value: string, mask: string): void {
    if (value === '') return;
    const forms = [
      value,
      encodeURIComponent(value),
      encodeURIComponent(value).replace(/%20/g, '+'),
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64').replace(/=+$/, ''),
      Buffer.from(value).toString('base64url'),
    ];
    for (const form of forms) {
      if (form !== '' && !this.forms.has(form)) this.forms.set(form, mask);
    }
    this.pattern = null;
  }

  get size(): number {
    return this.forms.size;
  }

  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null || this.forms.size === 0) return text;
    if (this.pattern === null) {
      // Longest first, so a value is masked whole before any shorter value inside it.
      const alternatives = [...this.forms.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, (match) => this.forms.get(match) ?? match);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
