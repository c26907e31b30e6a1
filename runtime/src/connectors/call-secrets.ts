import { connectorSecretReferences, replaceSecretReferences, type Connector } from '@conveyor/shared'
import { StepError } from './step-error'

/** Where connectors get secret values: opened at the moment of a call, never kept. */
export interface SecretSource {
  values(names: readonly string[]): Promise<Map<string, string>>
}

/**
 * The secrets one call of a connector uses. Only the names its own configuration references are
 * opened, so a `{{secret:…}}` arriving in instance data cannot pull in a secret the step was not
 * written to send. `fill` puts values into what is sent; `redact` takes them out of whatever comes
 * back (an answer, an error) before it is stored, logged or shown.
 */
export class CallSecrets {
  private readonly values: Map<string, string>
  /** Each value and its URL-encoded form, longest first, so that no shorter value splits a longer one. */
  private readonly redactions: Array<[text: string, name: string]>

  /** Opens, at the moment of the call, the values of the secrets the connector references. */
  static async open(source: SecretSource | undefined, connector: Connector): Promise<CallSecrets> {
    const names = [...new Set(connectorSecretReferences(connector).map((reference) => reference.name))]
    return new CallSecrets(names, names.length > 0 && source ? await source.values(names) : new Map())
  }

  private constructor(names: readonly string[], values: Map<string, string>) {
    this.values = values
    const missing = names.filter((name) => !this.values.has(name))
    if (missing.length > 0) {
      const list = missing.map((name) => `"${name}"`).join(', ')
      throw new StepError(
        `the step references secret ${list}, which is not stored (an operator sets it with PUT /api/secrets/${missing[0]} or pnpm conveyor secrets set ${missing[0]})`,
        false,
      )
    }
    this.redactions = [...this.values]
      .flatMap(([name, value]): Array<[string, string]> => [
        [value, name],
        [encodeURIComponent(value), name],
      ])
      .sort(([a], [b]) => b.length - a.length)
  }

  fill(text: string): string {
    return replaceSecretReferences(text, (name) => this.values.get(name))
  }

  /** `fill` on every string in a JSON value (a request body). */
  fillDeep(value: unknown): unknown {
    return mapStrings(value, (text) => this.fill(text))
  }

  redact(text: string): string {
    let redacted = text
    for (const [secretText, name] of this.redactions)
      redacted = redacted.split(secretText).join(`[secret ${name}]`)
    return redacted
  }

  /** `redact` on every string, and every object key, in a JSON value (an answer). */
  redactDeep<T>(value: T): T {
    return this.redactions.length === 0 ? value : (mapStrings(value, (text) => this.redact(text)) as T)
  }

  /** A failed attempt's error with the values taken out of its message. */
  redactError(error: unknown): unknown {
    if (this.redactions.length === 0) return error
    if (error instanceof StepError)
      return new StepError(this.redact(error.message), error.retryable, error.timedOut)
    return new StepError(this.redact(error instanceof Error ? error.message : String(error)), false)
  }
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [map(key), mapStrings(item, map)]))
  }
  return value
}
