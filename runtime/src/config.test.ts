import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { assertSafeToListen, ConfigError, isLoopback, loadConfig } from './config'

const key = randomBytes(32).toString('base64')

describe('runtime configuration', () => {
  it('defaults to loopback, port 3000 and ./data', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, adminToken: undefined })
    expect(config.dataDir).toBe(`${process.cwd()}/data`)
  })

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => loadConfig({ CONVEYOR_ADMIN_TOKEN: 'short' })).toThrow(
      /CONVEYOR_ADMIN_TOKEN must be at least 16/,
    )
  })

  it('takes a PostgreSQL address from CONVEYOR_DATABASE_URL, refusing anything else without echoing it', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined()
    const url = 'postgresql://conveyor:secret@db.internal:5432/conveyor'
    expect(loadConfig({ CONVEYOR_DATABASE_URL: url, CONVEYOR_SECRET_KEY: key }).databaseUrl).toBe(url)
    const wrong = () =>
      loadConfig({ CONVEYOR_DATABASE_URL: 'mysql://conveyor:hunter2@db/conveyor', CONVEYOR_SECRET_KEY: key })
    expect(wrong).toThrow(/CONVEYOR_DATABASE_URL must be a PostgreSQL address/)
    expect(wrong).not.toThrow(/hunter2/)
  })

  it('wants the secret key from CONVEYOR_SECRET_KEY with PostgreSQL, which has no data folder for a key file', () => {
    const keyless = () => loadConfig({ CONVEYOR_DATABASE_URL: 'postgres://conveyor:hunter2@db/conveyor' })
    expect(keyless).toThrow(/^CONVEYOR_SECRET_KEY must be set when CONVEYOR_DATABASE_URL is/)
    expect(keyless).not.toThrow(/hunter2/)
    expect(loadConfig({}).secretKey).toBeUndefined()
  })

  it('takes the lease period from CONVEYOR_LEASE_MS, 10 s by default, naming a value out of range', () => {
    expect(loadConfig({}).leaseMs).toBe(10_000)
    expect(loadConfig({ CONVEYOR_LEASE_MS: ' 15000 ' }).leaseMs).toBe(15_000)
    for (const wrong of ['10s', '2999', '600001', '-5000', '7500.5']) {
      expect(() => loadConfig({ CONVEYOR_LEASE_MS: wrong })).toThrow(
        `CONVEYOR_LEASE_MS must be a whole number of milliseconds from 3000 to 600000, got "${wrong}"`,
      )
    }
  })

  it('takes the replica id from CONVEYOR_REPLICA_ID, refusing one a table or a metric label would mangle', () => {
    expect(loadConfig({}).replicaId).toBeUndefined()
    expect(loadConfig({ CONVEYOR_REPLICA_ID: ' eu-west.2_a ' }).replicaId).toBe('eu-west.2_a')
    for (const wrong of ['-a', 'a b', 'ü', 'x'.repeat(64)]) {
      expect(() => loadConfig({ CONVEYOR_REPLICA_ID: wrong })).toThrow(
        `CONVEYOR_REPLICA_ID must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit, got "${wrong}"`,
      )
    }
  })

  it('asks the offline assistant unless a server is named, and names what is missing or wrong', () => {
    expect(loadConfig({}).assistant).toEqual({ provider: 'local' })
    expect(
      loadConfig({
        CONVEYOR_ASSISTANT_URL: 'http://127.0.0.1:11434/v1',
        CONVEYOR_ASSISTANT_MODEL: 'llama3.1',
        CONVEYOR_ASSISTANT_KEY_SECRET: 'ASSISTANT_KEY',
      }).assistant,
    ).toEqual({
      provider: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
      apiKeySecret: 'ASSISTANT_KEY',
    })
    expect(() => loadConfig({ CONVEYOR_ASSISTANT_URL: 'http://127.0.0.1:11434/v1' })).toThrow(
      /CONVEYOR_ASSISTANT_MODEL must name the model/,
    )
    expect(() =>
      loadConfig({ CONVEYOR_ASSISTANT_URL: 'ftp://models', CONVEYOR_ASSISTANT_MODEL: 'm' }),
    ).toThrow(/CONVEYOR_ASSISTANT_URL must be an http or https address/)
    expect(() => loadConfig({ CONVEYOR_ASSISTANT_MODEL: 'm' })).toThrow(
      /CONVEYOR_ASSISTANT_MODEL is set but CONVEYOR_ASSISTANT_URL/,
    )
    expect(() =>
      loadConfig({
        CONVEYOR_ASSISTANT_URL: 'https://api.example.com/v1',
        CONVEYOR_ASSISTANT_MODEL: 'm',
        CONVEYOR_ASSISTANT_KEY_SECRET: 'sk-live-123',
      }),
    ).toThrow(/CONVEYOR_ASSISTANT_KEY_SECRET must be the name of a stored secret/)
  })

  it('knows which addresses stay on this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopback(host)).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) expect(isLoopback(host)).toBe(false)
  })

  it('refuses to listen beyond loopback without an admin token, and says what to set', () => {
    const open = loadConfig({ HOST: '0.0.0.0' })
    expect(() => assertSafeToListen(open, false)).toThrow(ConfigError)
    expect(() => assertSafeToListen(open, false)).toThrow(/CONVEYOR_ADMIN_TOKEN/)
    expect(() => assertSafeToListen(open, true)).not.toThrow()
    const withToken = loadConfig({ HOST: '0.0.0.0', CONVEYOR_ADMIN_TOKEN: 'a-long-enough-secret' })
    expect(() => assertSafeToListen(withToken, false)).not.toThrow()
    expect(() => assertSafeToListen(loadConfig({}), false)).not.toThrow()
  })

  it('reads the private hosts the http connector may call, and names an entry that is none', () => {
    expect(loadConfig({}).allowHosts).toEqual([])
    expect(
      loadConfig({ CONVEYOR_ALLOW_HOSTS: ' payouts.internal, 10.0.0.0/8 ,127.0.0.1,, fd00::/8 ' }).allowHosts,
    ).toEqual(['payouts.internal', '10.0.0.0/8', '127.0.0.1', 'fd00::/8'])
    expect(() => loadConfig({ CONVEYOR_ALLOW_HOSTS: '10.0.0.0/33' })).toThrow(
      'CONVEYOR_ALLOW_HOSTS: "10.0.0.0/33" has a prefix that is not a whole number from 0 to 32',
    )
    expect(() => loadConfig({ CONVEYOR_ALLOW_HOSTS: 'ok.example, pay outs' })).toThrow(
      'CONVEYOR_ALLOW_HOSTS: "pay outs" is not a host name',
    )
    expect(() => loadConfig({ CONVEYOR_ALLOW_HOSTS: 'payouts/8' })).toThrow(
      /"payouts\/8" is not a CIDR range/,
    )
  })
})
