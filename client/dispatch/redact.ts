/**
 * Replaces every known secret value in text with its placeholder, including
 * the encoded forms a value takes on its way out (base64 in a Basic header,
 * URL-encoding in a query string, JSON escaping in an echoed body), so that
 * nothing reported after a send can carry a secret.
 */
export class Redactor {
  private readonly forms = new Map<string, string>();
  /** Forms longest first, so a value is masked whole before any shorter value inside it. */
  private ordered: [string, string][] | null = null;

  private readonly pending: [string, string][] = [];

  /** Registers `value` (and its encodings) to be shown as `mask`. */
  add(value: string, mask: string): void {
    // The encodings are worked out on first use: most sends report nothing that needs them.
    if (value !== '') this.pending.push([value, mask]);
  }

  private expand(): void {
    for (const [value, mask] of this.pending.splice(0)) {
      const base64 = Buffer.from(value).toString('base64');
      const uri = encodeURIComponent(value);
      const forms = [
        value,
        uri,
        uri.replace(/%20/g, '+'),
        // How a URL parser sends a value put into a path or a query (`/`, `?`, `&`, `=` stay as they are),
        // and so how a receiver echoing the request line shows it.
        percentEncode(value, '"#<>?`{}'),
        percentEncode(value, '"#<>\''),
        JSON.stringify(value).slice(1, -1),
        base64,
        base64.replace(/=+$/, ''),
        Buffer.from(value).toString('base64url'),
      ];
      for (const form of forms) {
        if (form !== '' && !this.forms.has(form)) this.forms.set(form, mask);
      }
      this.ordered = null;
    }
  }

  get size(): number {
    this.expand();
    return this.forms.size;
  }

  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null || text === '') return text;
    this.expand();
    if (this.forms.size === 0) return text;
    this.ordered ??= [...this.forms].sort((a, b) => b[0].length - a[0].length);
    let out = text;
    for (const [form, mask] of this.ordered) {
      if (out.includes(form)) out = out.split(form).join(mask);
    }
    return out;
  }
}

/** WHATWG-style percent-encoding: UTF-8 bytes outside printable ASCII, and those in `extra`. */
function percentEncode(value: string, extra: string): string {
  let out = '';
  for (const byte of Buffer.from(value)) {
    out += byte < 0x21 || byte > 0x7e || extra.includes(String.fromCharCode(byte)) ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}
