import type * as Monaco from 'monaco-editor/editor'

export const jsonataLanguageId = 'jsonata'

/** Instance-data field names offered as completions, per editor model (keyed by model URI). */
export const completionFields = new Map<string, string[]>()

const keywords = ['and', 'or', 'in', 'true', 'false', 'null', 'function']
const functions = [
  'sum',
  'count',
  'max',
  'min',
  'average',
  'string',
  'substring',
  'substringBefore',
  'substringAfter',
  'lowercase',
  'uppercase',
  'length',
  'trim',
  'pad',
  'contains',
  'split',
  'join',
  'match',
  'replace',
  'now',
  'millis',
  'number',
  'abs',
  'floor',
  'ceil',
  'round',
  'power',
  'sqrt',
  'random',
  'boolean',
  'not',
  'exists',
  'append',
  'sort',
  'reverse',
  'shuffle',
  'distinct',
  'zip',
  'keys',
  'lookup',
  'spread',
  'merge',
  'each',
  'filter',
  'map',
  'reduce',
  'single',
  'type',
  'formatNumber',
  'toMillis',
  'fromMillis',
  'base64encode',
  'base64decode',
]

/** Monarch tokens for JSONata: enough to tell paths, functions, strings, numbers and operators apart. */
const monarch: Monaco.languages.IMonarchLanguage = {
  keywords,
  tokenizer: {
    root: [
      [/\/\*/, 'comment', '@comment'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/'([^'\\]|\\.)*'/, 'string'],
      [/`[^`]*`/, 'variable'],
      [/\$[A-Za-z_][\w]*(?=\s*\()/, 'predefined'],
      [/\$[A-Za-z_]\w*|\$\$|\$/, 'variable'],
      [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
      [/[A-Za-z_]\w*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/:=|~>|!=|<=|>=|\.\.|[=<>&?:+\-*/%.,;^#@|]/, 'operator'],
      [/[{}()[\]]/, '@brackets'],
    ],
    comment: [
      [/\*\//, 'comment', '@pop'],
      [/./, 'comment'],
    ],
  },
}

export function registerJsonata(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((language) => language.id === jsonataLanguageId)) return
  monaco.languages.register({ id: jsonataLanguageId })
  monaco.languages.setMonarchTokensProvider(jsonataLanguageId, monarch)
  monaco.languages.setLanguageConfiguration(jsonataLanguageId, {
    brackets: [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '[', close: ']' },
      { open: '(', close: ')' },
      { open: '"', close: '"' },
    ],
  })
  monaco.languages.registerCompletionItemProvider(jsonataLanguageId, {
    triggerCharacters: ['.', '$'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position)
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      )
      const before = model.getValueInRange(
        new monaco.Range(position.lineNumber, 1, position.lineNumber, word.startColumn),
      )
      if (before.endsWith('$')) {
        return {
          suggestions: functions.map((name) => ({
            label: `$${name}`,
            kind: monaco.languages.CompletionItemKind.Function,
            insertText: `${name}($0)`,
            insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
            range,
          })),
        }
      }
      const fields = completionFields.get(model.uri.toString()) ?? []
      return {
        suggestions: fields.map((name) => ({
          label: name,
          kind: monaco.languages.CompletionItemKind.Field,
          detail: 'instance data',
          insertText: /^[A-Za-z_]\w*$/.test(name) ? name : `\`${name}\``,
          range,
        })),
      }
    },
  })
}
