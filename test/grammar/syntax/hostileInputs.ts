/**
 * Inputs that nest deeply or stay unclosed (issue 17), shared by the limits
 * test and the stack-size probe it runs in child processes.
 */
const head = 'notifier "a" { on package.added; ';
const hook = (body: string) => `${head}webhook { url = "https://example.com/x"; body = ${body}; } }`;

export const hostile = {
  unclosedParens: (n: number) => `${head}when ${'('.repeat(n)} true; }`,
  unclosedMapsInString: (n: number) => hook(`"$(${'%(k: '.repeat(n)}"`),
  unclosedCallsInString: (n: number) => hook(`"${'$ToUpper('.repeat(n)}"`),
  unclosedLists: (n: number) => hook('@('.repeat(n)),
  unclosedIndexes: (n: number) => `${head}when @L${'[@L'.repeat(n)} == 1; }`,
  closedCalls: (n: number) => hook(`${'$ToUpper('.repeat(n)}"x"${')'.repeat(n)}`),
  bangs: (n: number) => `${head}when ${'!'.repeat(n)}true; }`,
  nestedIfTags: (n: number) => hook(`"${'<% if true { %>'.repeat(n)}x${'<% } %>'.repeat(n)}"`),
  unclosedIfTags: (n: number) => hook(`"${'<% if true { %>'.repeat(n)}x"`),
  elseIfChain: (n: number) => hook(`"<% if false { %>a${'<% } else if false { %>b'.repeat(n)}<% } %>"`),
  // Long left-deep operator chains are not nesting (no NTF005), but a recursive checker would still depend on the stack.
  andChain: (n: number) => `${head}when ${Array.from({ length: n * 5 }, () => '$IsVariableDefined("FeedName") && $FeedName != "x"').join(' && ')}; }`,
  orChain: (n: number) => `${head}when ${Array.from({ length: n * 5 }, () => '$EventName == "package.added"').join(' || ')}; }`,
  nestedSwimStrings: (n: number) => {
    // >a1> $( >a2> $( … each swim string holds an interpolation holding the next one.
    let s = "1";
    for (let i = n; i > 0; i--) s = `>m${i}>$(${s})>m${i}>`;
    return hook(s);
  },
} as const;
