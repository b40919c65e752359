import { EvalError } from './signature';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const DEFAULT_DATE_FORMAT = 'yyyy-MM-ddTHH:mm:ss';

/**
 * Formats a moment in UTC with a .NET-style custom format string (invariant
 * culture): `yyyy yy MM M MMM MMMM dd d ddd dddd HH H hh h mm m ss s
 * f…fffffff F…FFFFFFF tt t z zz zzz K`, `'literal'` or `"literal"`, `\x`
 * for one literal character, `%x` for a single specifier; every other
 * character is copied. A one-character format is a standard format as in
 * .NET: `o`/`O` round-trip, `s` sortable, `u` universal sortable; `d`, `D`,
 * `t`, `T`, `g`, `G`, `f`, `F`, `M`, `Y` the invariant-culture patterns.
 */
export function formatDate(epochMs: number, format: string = DEFAULT_DATE_FORMAT): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) throw new EvalError('the timestamp is not a valid date');
  if (format.length === 1) {
    const standard = STANDARD[format];
    if (standard === undefined) throw new EvalError(`"${format}" is not a standard date format; use a custom format such as "yyyy-MM-dd"`);
    format = standard;
  }
  const parts = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
  let out = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === "'" || c === '"') {
      const close = format.indexOf(c, i + 1);
      if (close < 0) throw new EvalError(`unterminated quoted text in the date format "${format}"`);
      out += format.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= format.length) throw new EvalError(`the date format "${format}" ends with \\`);
      out += format[i + 1];
      i += 2;
      continue;
    }
    if (c === '%') {
      i++;
      continue;
    }
    let n = 1;
    while (format[i + n] === c) n++;
    const text = specifier(c, n, parts) ?? c.repeat(n);
    // as in .NET, an all-zero `F` fraction takes its decimal point with it
    if (c === 'F' && text === '' && out.endsWith('.')) out = out.slice(0, -1);
    out += text;
    i += n;
  }
  return out;
}

const STANDARD: Readonly<Record<string, string>> = {
  o: "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
  O: "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
  s: "yyyy-MM-dd'T'HH:mm:ss",
  u: "yyyy-MM-dd HH:mm:ss'Z'",
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  t: 'HH:mm',
  T: 'HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  M: 'MMMM dd',
  m: 'MMMM dd',
  Y: 'yyyy MMMM',
  y: 'yyyy MMMM',
};

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function specifier(c: string, n: number, p: Parts): string | undefined {
  switch (c) {
    case 'y':
      return n === 1 ? String(p.year % 100) : n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
    case 'M':
      return n === 1 ? String(p.month + 1) : n === 2 ? pad(p.month + 1, 2) : n === 3 ? MONTHS[p.month]!.slice(0, 3) : MONTHS[p.month];
    case 'd':
      return n === 1 ? String(p.day) : n === 2 ? pad(p.day, 2) : n === 3 ? DAYS[p.weekday]!.slice(0, 3) : DAYS[p.weekday];
    case 'H':
      return n === 1 ? String(p.hour) : pad(p.hour, 2);
    case 'h': {
      const h12 = p.hour % 12 || 12;
      return n === 1 ? String(h12) : pad(h12, 2);
    }
    case 'm':
      return n === 1 ? String(p.minute) : pad(p.minute, 2);
    case 's':
      return n === 1 ? String(p.second) : pad(p.second, 2);
    case 'f':
    case 'F': {
      if (n > 7) throw new EvalError('at most seven f or F in a date format');
      const digits = (pad(p.ms, 3) + '0000').slice(0, n);
      if (c === 'f') return digits;
      return digits.replace(/0+$/, '');
    }
    case 't':
      return n === 1 ? (p.hour < 12 ? 'A' : 'P') : p.hour < 12 ? 'AM' : 'PM';
    case 'z':
      return n === 1 ? '+0' : n === 2 ? '+00' : '+00:00';
    case 'K':
      return 'Z'.repeat(n);
    default:
      return undefined;
  }
}
