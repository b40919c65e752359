/** A JUnit XML report (spec section 10.3), the format CI systems show as test results. */

export interface JunitCase {
  readonly name: string;
  readonly failures: readonly string[];
}

export interface JunitSuite {
  readonly name: string;
  readonly cases: readonly JunitCase[];
}

/** XML 1.0 text: escaped markup, and characters XML cannot hold at all dropped. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function junitXml(suites: readonly JunitSuite[]): string {
  const count = (s: readonly JunitCase[]): [number, number] => [s.length, s.filter((c) => c.failures.length).length];
  const all = suites.flatMap((s) => s.cases);
  const [tests, failures] = count(all);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="notify test" tests="${tests}" failures="${failures}">`];
  for (const suite of suites) {
    const [t, f] = count(suite.cases);
    out.push(`  <testsuite name="${xmlEscape(suite.name)}" tests="${t}" failures="${f}">`);
    for (const c of suite.cases) {
      const open = `    <testcase classname="${xmlEscape(suite.name)}" name="${xmlEscape(c.name)}"`;
      if (!c.failures.length) {
        out.push(open + '/>');
        continue;
      }
      const first = c.failures[0]!.split('\n')[0]!;
      out.push(open + '>');
      out.push(`      <failure message="${xmlEscape(first)}">${xmlEscape(c.failures.join('\n'))}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
