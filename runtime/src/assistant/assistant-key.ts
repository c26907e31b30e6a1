import type { SecretSource } from '../connectors/call-secrets'

/**
 * The openai-compatible assistant's key, read from a stored secret at each call: rotating the
 * secret takes effect without a restart, and the value lives nowhere but sealed in the store.
 * A key that is not stored fails the suggestion (the task goes to people without one).
 */
export function keyFromSecret(
  secrets: SecretSource,
  name: string | undefined,
): (() => Promise<string>) | undefined {
  if (name === undefined) return undefined
  return async () => {
    const value = (await secrets.values([name])).get(name)
    if (value === undefined) {
      throw new Error(`the assistant's key, the secret "${name}", is not stored`)
    }
    return value
  }
}
