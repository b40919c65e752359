// Source of syntaxes/notify.tmLanguage.json. Regular expressions are written
// with String.raw so they read as regexes, not as doubly escaped JSON;
// `node --import tsx scripts/generate.mjs` writes the JSON that VS Code loads,
// and the grammar test fails when the two drift apart.
//
// The grammar is deliberately flat (token patterns that apply anywhere, plus
// begin/end rules only for nesting that really exists: strings, calls, lists,
// maps, template tags) so half-typed files still colour sensibly.

const r = String.raw;

// A name: a letter, then letters, digits, `_` or `-`, not ending in `_` or `-` (spec §1).
const NAME = r`[A-Za-z](?:[A-Za-z0-9_-]*[A-Za-z0-9])?`;
// No letter, digit, sigil, `-` or `.` before a keyword: keeps `$on`, `my-email`, `a.true` out.
const WORD_START = r`(?<![A-Za-z0-9_$@%.-])`;
const WORD_END = r`(?![A-Za-z0-9_-])`;
const EVENT = r`[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*`;

const variableScopes = { $: 'scalar', '@': 'list', '%': 'map' };

function variableRules() {
  const rules = [];
  for (const [sigil, kind] of Object.entries(variableScopes)) {
    const s = sigil === '$' ? r`\$` : sigil;
    rules.push(
      {
        comment: `${sigil}{Name}`,
        match: r`(${s})(\{)\s*(${NAME})\s*(\})`,
        name: `variable.other.${kind}.notify`,
        captures: {
          1: { name: 'punctuation.definition.variable.notify' },
          2: { name: 'punctuation.definition.variable.begin.notify' },
          4: { name: 'punctuation.definition.variable.end.notify' },
        },
      },
      {
        comment: `${sigil}Name`,
        match: r`(${s})${NAME}`,
        name: `variable.other.${kind}.notify`,
        captures: { 1: { name: 'punctuation.definition.variable.notify' } },
      },
    );
  }
  return rules;
}

function callRule(extraScope) {
  return {
    begin: r`(([$@%])(${NAME}))(\()`,
    beginCaptures: {
      1: { name: 'entity.name.function.notify' },
      2: { name: 'punctuation.definition.function.notify' },
      4: { name: 'punctuation.section.arguments.begin.notify' },
    },
    end: r`\)`,
    endCaptures: { 0: { name: 'punctuation.section.arguments.end.notify' } },
    name: extraScope ? `${extraScope} meta.function-call.notify` : 'meta.function-call.notify',
    patterns: [{ include: '#expression' }],
  };
}

// One-line quoted string of the given quote character.
function quotedString(quote, kind) {
  return {
    begin: quote,
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.notify' } },
    // Strings are one line (spec §1): ending at the line end keeps an
    // unterminated string from colouring the rest of the file.
    end: r`${quote}|$`,
    endCaptures: { 0: { name: 'punctuation.definition.string.end.notify' } },
    name: `string.quoted.${kind}.notify`,
    patterns: [{ include: '#template' }],
  };
}

/** The grammar; `channels` are the channel keywords of grammar/channels/registry.ts. */
const notifyGrammar = (channels) => ({
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Notify',
  scopeName: 'source.notify',
  fileTypes: ['notify'],
  patterns: [{ include: '#statement' }],
  repository: {
    statement: {
      patterns: [
        { include: '#comments' },
        { include: '#import' },
        { include: '#notifier' },
        { include: '#sample' },
        { include: '#on-clause' },
        { include: '#when' },
        { include: '#channel' },
        { include: '#property' },
        { include: '#block' },
        { include: '#terminator' },
        { include: '#expression' },
      ],
    },

    comments: {
      patterns: [
        {
          begin: r`/\*`,
          beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.notify' } },
          end: r`\*/`,
          endCaptures: { 0: { name: 'punctuation.definition.comment.end.notify' } },
          name: 'comment.block.notify',
        },
        {
          match: r`(//).*$`,
          name: 'comment.line.double-slash.notify',
          captures: { 1: { name: 'punctuation.definition.comment.notify' } },
        },
        {
          match: r`(#).*$`,
          name: 'comment.line.number-sign.notify',
          captures: { 1: { name: 'punctuation.definition.comment.notify' } },
        },
      ],
    },

    import: {
      match: r`${WORD_START}(import)${WORD_END}`,
      captures: { 1: { name: 'keyword.control.import.notify' } },
    },

    notifier: {
      comment: 'notifier "Name" — the name also gets entity.name so outlines and themes can pick it out',
      match: r`${WORD_START}(notifier)${WORD_END}(?:\s*(?:((")([^"$\x60]*)("))|((')([^'$\x60]*)('))))?`,
      captures: {
        1: { name: 'keyword.declaration.notifier.notify' },
        2: { name: 'string.quoted.double.notify' },
        3: { name: 'punctuation.definition.string.begin.notify' },
        4: { name: 'entity.name.notifier.notify' },
        5: { name: 'punctuation.definition.string.end.notify' },
        6: { name: 'string.quoted.single.notify' },
        7: { name: 'punctuation.definition.string.begin.notify' },
        8: { name: 'entity.name.notifier.notify' },
        9: { name: 'punctuation.definition.string.end.notify' },
      },
    },

    sample: {
      patterns: [
        {
          match: r`${WORD_START}(sample)${WORD_END}(?:\s*(?:((")([^"$\x60]*)("))|((')([^'$\x60]*)('))))?`,
          captures: {
            1: { name: 'keyword.declaration.sample.notify' },
            2: { name: 'string.quoted.double.notify' },
            3: { name: 'punctuation.definition.string.begin.notify' },
            4: { name: 'entity.name.sample.notify' },
            5: { name: 'punctuation.definition.string.end.notify' },
            6: { name: 'string.quoted.single.notify' },
            7: { name: 'punctuation.definition.string.begin.notify' },
            8: { name: 'entity.name.sample.notify' },
            9: { name: 'punctuation.definition.string.end.notify' },
          },
        },
        {
          match: r`${WORD_START}(for)${WORD_END}(?:\s*(${EVENT}))?`,
          captures: {
            1: { name: 'keyword.control.for.notify' },
            2: { name: 'entity.name.type.event.notify' },
          },
        },
      ],
    },

    'on-clause': {
      comment: 'on a.b, c.d;  — may span lines; ends at ; or at a brace when the ; is missing',
      begin: r`${WORD_START}(on)${WORD_END}`,
      beginCaptures: { 1: { name: 'keyword.control.on.notify' } },
      end: r`(;)|(?=[{}])`,
      endCaptures: { 1: { name: 'punctuation.terminator.statement.notify' } },
      name: 'meta.on-clause.notify',
      patterns: [
        { include: '#comments' },
        { match: EVENT, name: 'entity.name.type.event.notify' },
        { match: ',', name: 'punctuation.separator.comma.notify' },
      ],
    },

    when: {
      match: r`${WORD_START}(when)${WORD_END}`,
      captures: { 1: { name: 'keyword.control.when.notify' } },
    },

    channel: {
      match: r`${WORD_START}(${channels.join('|')})${WORD_END}`,
      captures: { 1: { name: 'storage.type.channel.notify' } },
    },

    property: {
      comment: 'name = …  (a single = , not ==)',
      match: r`${WORD_START}(${NAME})\s*(?==(?!=))`,
      captures: { 1: { name: 'variable.other.property.notify' } },
    },

    block: {
      patterns: [
        { match: r`\{`, name: 'punctuation.section.block.begin.notify' },
        { match: r`\}`, name: 'punctuation.section.block.end.notify' },
      ],
    },

    terminator: { match: ';', name: 'punctuation.terminator.statement.notify' },

    expression: {
      patterns: [
        { include: '#comments' },
        { include: '#swim-string' },
        { include: '#string-double' },
        { include: '#string-single' },
        { include: '#call' },
        { include: '#list' },
        { include: '#map' },
        { include: '#variable' },
        { include: '#group' },
        { include: '#index' },
        { include: '#member' },
        { include: '#duration' },
        { include: '#number' },
        { include: '#boolean' },
        { include: '#operator' },
        { match: ',', name: 'punctuation.separator.comma.notify' },
      ],
    },

    call: callRule(),

    variable: { patterns: variableRules() },

    list: {
      begin: r`@\(`,
      beginCaptures: { 0: { name: 'punctuation.definition.list.begin.notify' } },
      end: r`\)`,
      endCaptures: { 0: { name: 'punctuation.definition.list.end.notify' } },
      name: 'meta.structure.list.notify',
      patterns: [{ include: '#expression' }],
    },

    map: {
      begin: r`%\(`,
      beginCaptures: { 0: { name: 'punctuation.definition.map.begin.notify' } },
      end: r`\)`,
      endCaptures: { 0: { name: 'punctuation.definition.map.end.notify' } },
      name: 'meta.structure.map.notify',
      patterns: [{ include: '#map-key' }, { include: '#expression' }],
    },

    'map-key': {
      patterns: [
        {
          match: r`(?<![A-Za-z0-9_$@%.-])(${NAME})\s*(:)`,
          captures: {
            1: { name: 'support.type.property-name.notify' },
            2: { name: 'punctuation.separator.key-value.notify' },
          },
        },
        {
          comment: 'a quoted key without template parts',
          match: r`(?:((")([^"$\x60]*)("))|((')([^'$\x60]*)(')))\s*(:)`,
          captures: {
            1: { name: 'string.quoted.double.notify' },
            2: { name: 'punctuation.definition.string.begin.notify' },
            3: { name: 'support.type.property-name.notify' },
            4: { name: 'punctuation.definition.string.end.notify' },
            5: { name: 'string.quoted.single.notify' },
            6: { name: 'punctuation.definition.string.begin.notify' },
            7: { name: 'support.type.property-name.notify' },
            8: { name: 'punctuation.definition.string.end.notify' },
            9: { name: 'punctuation.separator.key-value.notify' },
          },
        },
      ],
    },

    group: {
      begin: r`\(`,
      beginCaptures: { 0: { name: 'punctuation.section.parens.begin.notify' } },
      end: r`\)`,
      endCaptures: { 0: { name: 'punctuation.section.parens.end.notify' } },
      patterns: [{ include: '#expression' }],
    },

    index: {
      begin: r`\[`,
      beginCaptures: { 0: { name: 'punctuation.section.brackets.begin.notify' } },
      end: r`\]`,
      endCaptures: { 0: { name: 'punctuation.section.brackets.end.notify' } },
      patterns: [{ include: '#expression' }],
    },

    member: {
      match: r`(\.)\s*(${NAME})`,
      captures: {
        1: { name: 'punctuation.accessor.notify' },
        2: { name: 'variable.other.member.notify' },
      },
    },

    duration: {
      match: r`${WORD_START}([0-9]+)(ms|s|m|h|d)${WORD_END}`,
      name: 'constant.numeric.duration.notify',
      captures: { 2: { name: 'keyword.other.unit.notify' } },
    },

    number: {
      match: r`${WORD_START}-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?${WORD_END}`,
      name: 'constant.numeric.notify',
    },

    boolean: {
      patterns: [
        { match: r`${WORD_START}true${WORD_END}`, name: 'constant.language.boolean.true.notify' },
        { match: r`${WORD_START}false${WORD_END}`, name: 'constant.language.boolean.false.notify' },
      ],
    },

    operator: {
      patterns: [
        { match: r`&&|\|\|`, name: 'keyword.operator.logical.notify' },
        { match: r`==|!=|<=|>=|<|>`, name: 'keyword.operator.comparison.notify' },
        { match: '!', name: 'keyword.operator.logical.notify' },
        { match: '=', name: 'keyword.operator.assignment.notify' },
        { match: ':', name: 'punctuation.separator.key-value.notify' },
      ],
    },

    'swim-string': {
      comment: [
        'A swim string >>…>> or >EOF>…>EOF>: a > plus up to five characters other than > (and,',
        'here, other than white space) plus >. It ends at the same marker (backreference).',
        'It is only recognised where an operand may start — after = ( , : [ an operator, or at a',
        'line start — so the comparison in `$a>1||$b>2` is not taken for a marker.',
      ].join(' '),
      begin: r`(?:^|(?<=[=(,:\[&|!<>]))\s*(>[^>\s]{0,5}>)`,
      beginCaptures: { 1: { name: 'punctuation.definition.string.begin.notify' } },
      end: r`\1`,
      endCaptures: { 0: { name: 'punctuation.definition.string.end.notify' } },
      name: 'string.quoted.other.swim.notify',
      patterns: [{ include: '#template' }],
    },

    'string-double': quotedString('"', 'double'),
    'string-single': quotedString("'", 'single'),

    template: {
      comment: 'What a string of any kind may hold (spec §3): only $ and the grave accent are special, plus <% %> tags.',
      patterns: [
        { include: '#escape' },
        { include: '#template-tag' },
        { include: '#interpolation' },
      ],
    },

    escape: {
      patterns: [
        { match: r`\x60[$"'ntr\x60]`, name: 'constant.character.escape.notify' },
        { match: r`\x60(?:.|$)`, name: 'invalid.illegal.escape.notify' },
      ],
    },

    'template-tag': {
      comment: 'meta.embedded makes the tag code, not string, for bracket matching and auto-closing',
      begin: '<%',
      beginCaptures: { 0: { name: 'punctuation.section.embedded.begin.notify' } },
      end: '%>',
      endCaptures: { 0: { name: 'punctuation.section.embedded.end.notify' } },
      name: 'meta.embedded.template-tag.notify',
      patterns: [
        { match: r`${WORD_START}if${WORD_END}`, name: 'keyword.control.conditional.if.notify' },
        { match: r`${WORD_START}else${WORD_END}`, name: 'keyword.control.conditional.else.notify' },
        { match: r`${WORD_START}foreach${WORD_END}`, name: 'keyword.control.loop.foreach.notify' },
        { match: r`${WORD_START}in${WORD_END}`, name: 'keyword.control.loop.in.notify' },
        { include: '#block' },
        { include: '#expression' },
      ],
    },

    interpolation: {
      patterns: [
        {
          comment: '$(expression)',
          begin: r`(\$)(\()`,
          beginCaptures: {
            1: { name: 'punctuation.definition.interpolation.notify' },
            2: { name: 'punctuation.section.interpolation.begin.notify' },
          },
          end: r`\)`,
          endCaptures: { 0: { name: 'punctuation.section.interpolation.end.notify' } },
          name: 'meta.embedded.interpolation.notify',
          patterns: [{ include: '#expression' }],
        },
        {
          comment: '$Func(arguments)',
          ...callRule('meta.embedded.interpolation.notify'),
          begin: r`((\$)(${NAME}))(\()`,
        },
        {
          comment: '${Name}',
          match: r`(\$)(\{)\s*(${NAME})\s*(\})`,
          name: 'meta.interpolation.notify variable.other.scalar.notify',
          captures: {
            1: { name: 'punctuation.definition.variable.notify' },
            2: { name: 'punctuation.definition.variable.begin.notify' },
            4: { name: 'punctuation.definition.variable.end.notify' },
          },
        },
        {
          comment: '$Name',
          match: r`(\$)${NAME}`,
          name: 'meta.interpolation.notify variable.other.scalar.notify',
          captures: { 1: { name: 'punctuation.definition.variable.notify' } },
        },
        {
          comment: 'a $ that starts none of the above (NTF003)',
          match: r`\$`,
          name: 'invalid.illegal.stray-dollar.notify',
        },
      ],
    },
  },
});

// ```notify fenced code blocks in Markdown (README files, docs).
const markdownInjection = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Notify code blocks in Markdown',
  scopeName: 'markdown.notify.codeblock',
  fileTypes: [],
  injectionSelector: 'L:text.html.markdown',
  patterns: [{ include: '#notify-code-block' }],
  repository: {
    'notify-code-block': {
      begin: r`(^|\G)(\s*)(\x60{3,}|~{3,})\s*(?i:(notify)((\s+|:|,|\{|\?)[^\x60~]*)?$)`,
      beginCaptures: {
        3: { name: 'punctuation.definition.markdown' },
        4: { name: 'fenced_code.block.language.markdown' },
        5: { name: 'fenced_code.block.language.attributes.markdown' },
      },
      end: r`(^|\G)(\2|\s{0,3})(\3)\s*$`,
      endCaptures: { 3: { name: 'punctuation.definition.markdown' } },
      name: 'markup.fenced_code.block.markdown',
      patterns: [
        {
          begin: r`(^|\G)(\s*)(.*)`,
          while: r`(^|\G)(?!\s*([\x60~]{3,})\s*$)`,
          contentName: 'meta.embedded.block.notify',
          patterns: [{ include: 'source.notify' }],
        },
      ],
    },
  },
};

/** The JSON files VS Code loads, by name. */
export function grammars(channels) {
  return {
    'notify.tmLanguage.json': notifyGrammar(channels),
    'notify.markdown.tmLanguage.json': markdownInjection,
  };
}
