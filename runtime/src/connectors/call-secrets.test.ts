import { describe, expect, it } from 'vitest'
import type { Connector } from '@conveyor/shared'
import { CallSecrets, type SecretSource } from './call-secrets'
import { StepError } from './step-error'

const stored = new Map([
  ['API_KEY', 'k3y with space&more'],
  ['OTHER', 'other-value-1234'],
])
const source: SecretSource = {
  values: async (names) =>
    new Map(names.flatMap((name) => (stored.has(name) ? [[name, stored.get(name)!]] : []))),
}
const http = (headers: Record<string, string>, url = 'https://pay.example/x'): Connector => ({
  kind: 'http',
  method: 'POST',
  url,
  headers,
})

describe('the secrets of one call', () => {
  it('fills only the names the connector itself references', async () => {
    const secrets = await CallSecrets.open(source, http({ 'x-key': '{{secret:API_KEY}}' }))
    expect(secrets.fill('Key {{secret:API_KEY}}')).toBe('Key k3y with space&more')
    // OTHER exists, but this step was not written to send it: a reference from data stays text.
    expect(secrets.fillDeep({ note: ['{{secret:OTHER}}'] })).toEqual({ note: ['{{secret:OTHER}}'] })
  })

  it('redacts values, also URL-encoded, from answers and errors', async () => {
    const secrets = await CallSecrets.open(source, http({}, 'https://pay.example/{{secret:API_KEY}}'))
    expect(
      secrets.redactDeep({ echo: 'k3y with space&more', url: '/k3y%20with%20space%26more', n: 1 }),
    ).toEqual({ echo: '[secret API_KEY]', url: '/[secret API_KEY]', n: 1 })
    const error = secrets.redactError(new StepError('could not reach k3y with space&more', true, true))
    expect(error).toBeInstanceOf(StepError)
    expect(error).toMatchObject({
      message: 'could not reach [secret API_KEY]',
      retryable: true,
      timedOut: true,
    })
  })

  it('fails the attempt, not retried, naming a secret that is not stored', async () => {
    const call = CallSecrets.open(source, http({ a: '{{secret:MISSING}}' }))
    await expect(call).rejects.toThrow(StepError)
    await expect(call).rejects.toThrow(/secret "MISSING", which is not stored/)
    await expect(call).rejects.toMatchObject({ retryable: false })
  })
})
