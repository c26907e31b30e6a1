import type { Connector } from './connector'

/** What a secret may be called: a letter, then letters, digits and `_`, 64 characters at most. */
export const secretNamePattern = /^[A-Za-z][A-Za-z0-9_]{0,63}$/

/** `{{secret:NAME}}`, spaces allowed inside the braces. */
const secretReference = /\{\{\s*secret:([A-Za-z][A-Za-z0-9_]{0,63})\s*\}\}/g

/** The secret names a text references, each once, in order of first use. */
export function secretReferencesIn(text: string): string[] {
  return [...new Set([...text.matchAll(secretReference)].map((match) => match[1]!))]
}

/** The text with each reference replaced by what `valueOf` gives; unknown names are left as written. */
export function replaceSecretReferences(text: string, valueOf: (name: string) => string | undefined): string {
  return text.replace(secretReference, (written, name: string) => valueOf(name) ?? written)
}

export interface SecretReference {
  name: string
  /** Where in the connector: `url`, `headers.<name>` or `body`. */
  field: string
}

/** Every secret an http connector references, by field; other connectors reference none. */
export function connectorSecretReferences(connector: Connector | undefined): SecretReference[] {
  if (connector?.kind !== 'http') return []
  const fields: Array<[string, string | undefined]> = [
    ['url', connector.url],
    ...Object.entries(connector.headers ?? {}).map(([header, value]): [string, string] => [
      `headers.${header}`,
      value,
    ]),
    ['body', connector.body],
  ]
  return fields.flatMap(([field, text]) =>
    text === undefined ? [] : secretReferencesIn(text).map((name) => ({ name, field })),
  )
}
