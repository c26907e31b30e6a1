import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConveyorService } from '../../service'
import { runCli } from '../run-cli'
import { secretsCommand } from './secrets'

let dataDir: string
const value = 'whsk-payout-93d1e0a4'

async function conveyor(argv: string[], input = '') {
  let out = ''
  let err = ''
  const code = await runCli({ secrets: secretsCommand }, ['secrets', ...argv, '--data', dataDir], {
    cwd: process.cwd(),
    out: (text) => (out += text),
    err: (text) => (err += text),
    readInput: async () => input,
  })
  return { code, out, err }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'conveyor-secrets-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('conveyor secrets', () => {
  it('stores the value read from standard input and lists names only', async () => {
    const set = await conveyor(['set', 'PAYOUT_KEY'], `${value}\n`)
    expect(set).toMatchObject({ code: 0, out: 'Stored secret PAYOUT_KEY.\n' })
    expect((await conveyor(['set', 'PAYOUT_KEY'], `${value}\n`)).out).toBe('Replaced secret PAYOUT_KEY.\n')

    const listed = await conveyor(['list'])
    expect(listed.out).toMatch(/^PAYOUT_KEY {2}\(set \S+ by cli\)\n$/)
    expect(listed.out).not.toContain(value)

    const service = await createConveyorService({ dataDir, runWorkflows: false })
    expect([...(await service.listSecrets())].map((s) => s.name)).toEqual(['PAYOUT_KEY'])
    const audit = await service.listAudit({ action: 'secret.changed' })
    expect(audit.items[0]).toMatchObject({ actor: 'cli', detail: { name: 'PAYOUT_KEY' } })
    expect(JSON.stringify(audit)).not.toContain(value)
    await service.close()
  })

  it('explains what is wrong', async () => {
    const badName = await conveyor(['set', 'payout-key'], value)
    expect(badName.code).toBe(2)
    expect(badName.err).toMatch(/a letter, then letters, digits and "_"/)
    const short = await conveyor(['set', 'SHORT'], 'abc\n')
    expect(short.code).toBe(1)
    expect(short.err).toMatch(/value must be a text of 8 to 16384 characters/)
    expect((await conveyor(['shred'])).code).toBe(2)
  })
})
