import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../config'
import { createConveyorService, type SqliteConveyorService } from '../service'
import { bootstrapAdmin, hasActiveAdmin } from './bootstrap-admin'

let dataDir: string
let service: SqliteConveyorService

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'conveyor-admin-'))
  service = await createConveyorService({ dataDir })
})
afterEach(async () => {
  await service.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('the first admin', () => {
  it('is issued once, on the very first start, when no token is configured', async () => {
    expect(await hasActiveAdmin(service)).toBe(false)
    const secret = await bootstrapAdmin(service, undefined)
    expect(await service.verifyToken(secret!)).toMatchObject({ role: 'admin', name: 'admin' })
    expect(await hasActiveAdmin(service)).toBe(true)
    expect(await bootstrapAdmin(service, undefined)).toBeUndefined()
    expect(await service.listTokens()).toHaveLength(1)
  })

  it('is issued as a 256-bit secret, like every generated token', async () => {
    const secrets = [
      (await bootstrapAdmin(service, undefined))!,
      (await service.createToken({ name: 'ci', role: 'operator', by: 'test' })).secret,
    ]
    for (const secret of secrets) {
      expect(secret.startsWith('cvy_')).toBe(true)
      expect(Buffer.from(secret.slice('cvy_'.length), 'base64url')).toHaveLength(32)
    }
    expect(new Set(secrets).size).toBe(2)
  })

  it('is the configured CONVEYOR_ADMIN_TOKEN, added once however often the runtime starts', async () => {
    const configured = 'operator-chosen-secret-123'
    expect(await bootstrapAdmin(service, configured)).toBeUndefined()
    expect(await bootstrapAdmin(service, configured)).toBeUndefined()
    expect(await service.verifyToken(configured)).toMatchObject({ role: 'admin' })
    expect(await service.listTokens()).toHaveLength(1)
  })

  it('refuses to bring a revoked CONVEYOR_ADMIN_TOKEN back', async () => {
    const configured = 'operator-chosen-secret-123'
    await bootstrapAdmin(service, configured)
    const [token] = await service.listTokens()
    await service.revokeToken(token!.id)
    await expect(bootstrapAdmin(service, configured)).rejects.toThrow(ConfigError)
    await expect(bootstrapAdmin(service, configured)).rejects.toThrow(/revoked; set it to a new secret/)
  })
})
