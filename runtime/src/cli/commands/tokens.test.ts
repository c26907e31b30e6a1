import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createConveyorService } from '../../service'
import { freshPostgresDatabase } from '../../store/postgres/testing/fresh-database'
import { runCli } from '../run-cli'
import { tokensCommand } from './tokens'

let dataDir: string

async function conveyor(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await runCli({ tokens: tokensCommand }, ['tokens', ...argv, '--data', dataDir], {
    cwd: process.cwd(),
    out: (text) => (out += text),
    err: (text) => (err += text),
    readInput: async () => '',
  })
  return { code, out, err }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'conveyor-tokens-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('conveyor tokens', () => {
  it('makes the person a member of the lanes given, and names a lane id that is none', async () => {
    const created = await conveyor(
      'create',
      '--role',
      'editor',
      '--name',
      'lena',
      '--lanes',
      'credit, claims-lead',
    )
    expect(created.code).toBe(0)
    expect(created.out).toMatch(/for lena in lanes credit, claims-lead\./)
    const service = await createConveyorService({ dataDir })
    expect(await service.listLaneMembers('credit')).toEqual(['lena'])
    expect(await service.listLaneMembers('claims-lead')).toEqual(['lena'])
    await service.close()

    const refused = await conveyor('create', '--role', 'editor', '--name', 'otto', '--lanes', 'claims lead')
    expect(refused.code).not.toBe(0)
    expect(refused.err).toMatch(/--lanes: "claims lead" is not a lane id/)
  })

  it('creates a token whose secret works, lists it and revokes it', async () => {
    const created = await conveyor('create', '--role', 'editor', '--name', 'alice')
    expect(created.code).toBe(0)
    const secret = created.out.trim().split('\n').at(-1)!
    const id = /token (\S+) for alice/.exec(created.out)![1]!

    const service = await createConveyorService({ dataDir })
    expect(await service.verifyToken(secret)).toMatchObject({ name: 'alice', role: 'editor' })
    await service.close()

    const listed = await conveyor('list')
    expect(listed.out).toMatch(/editor\s+alice/)
    expect(listed.out).not.toContain(secret)

    expect((await conveyor('revoke', id)).code).toBe(0)
    const check = await createConveyorService({ dataDir })
    expect(await check.verifyToken(secret)).toBeNull()
    const audit = await check.listAudit({ action: 'token.created' })
    expect(audit.items.some((entry) => entry.actor === 'cli')).toBe(true)
    await check.close()
  })

  it('explains what is missing', async () => {
    const noRole = await conveyor('create', '--name', 'bob')
    expect(noRole.code).toBe(2)
    expect(noRole.err).toMatch(/--role, one of: viewer, editor, operator, admin/)
    const unknown = await conveyor('revoke', 'no-such-token')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toMatch(/no-such-token/)
    expect((await conveyor('shred')).code).toBe(2)
  })
})

describe('conveyor tokens beside servers on PostgreSQL', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('writes to the database CONVEYOR_DATABASE_URL names, not to a data folder', async () => {
    const databaseUrl = await freshPostgresDatabase()
    const secretKey = randomBytes(32)
    vi.stubEnv('CONVEYOR_DATABASE_URL', databaseUrl)
    vi.stubEnv('CONVEYOR_SECRET_KEY', secretKey.toString('base64'))
    const created = await conveyor('create', '--role', 'viewer', '--name', 'pia')
    expect(created.code).toBe(0)
    const secret = created.out.trim().split('\n').at(-1)!

    const service = await createConveyorService({ databaseUrl, secretKey, runWorkflows: false })
    try {
      expect(await service.verifyToken(secret)).toMatchObject({ name: 'pia', role: 'viewer' })
    } finally {
      await service.close()
    }
    // The folder `--data` names is left alone.
    const inFolder = await createConveyorService({ dataDir, runWorkflows: false })
    try {
      expect(await inFolder.verifyToken(secret)).toBeNull()
    } finally {
      await inFolder.close()
    }
  })
})
