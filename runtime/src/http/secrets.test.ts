import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config'
import { createConveyorService } from '../service'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

const value = 'sk-live-4f9a1c0de2b7'
let h: Harness

beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

/** Every file of the data folder as text, for looking for a value that must not be there. */
async function dataFolderText(dataDir: string): Promise<string> {
  const files = await readdir(dataDir)
  const texts = await Promise.all(files.map((file) => readFile(join(dataDir, file), 'latin1')))
  return texts.join('\n')
}

describe('secrets over HTTP', () => {
  it('stores a secret that no route gives back, audited by name only', async () => {
    const seen: string[] = []
    const created = await h.request('POST', '/api/secrets', {
      token: h.tokens.operator,
      body: { name: 'PAYOUT_KEY', value },
    })
    seen.push(await created.clone().text())
    expect(created.status).toBe(201)
    expect(await jsonOf(created)).toMatchObject({ name: 'PAYOUT_KEY', updatedBy: 'user:operator' })

    const replaced = await h.request('PUT', '/api/secrets/PAYOUT_KEY', { body: { value: `${value}-2` } })
    seen.push(await replaced.clone().text())
    expect(replaced.status).toBe(200)
    const again = await h.request('POST', '/api/secrets', { body: { name: 'PAYOUT_KEY', value } })
    expect(again.status).toBe(409)

    for (const role of ['viewer', 'editor'] as const) {
      const listed = await h.request('GET', '/api/secrets', { token: h.tokens[role] })
      const text = await listed.text()
      seen.push(text)
      expect(JSON.parse(text).items.map((s: { name: string }) => s.name)).toContain('PAYOUT_KEY')
    }
    const audit = await h.request('GET', '/api/audit?action=secret.created')
    const auditText = await audit.text()
    seen.push(auditText)
    expect(JSON.parse(auditText).items[0]).toMatchObject({
      actor: 'user:operator',
      detail: { name: 'PAYOUT_KEY' },
    })
    seen.push(await (await h.request('GET', '/api/openapi.json')).text())
    for (const text of seen) expect(text).not.toContain(value)

    await h.service.close().catch(() => {})
    // Closing flushed everything; the folder holds the sealed value only.
    expect(await dataFolderText(h.dataDir)).not.toContain(value)
    h = await reopen(h)
  })

  it('names the wrong field and refuses unknown names', async () => {
    const badName = await h.request('POST', '/api/secrets', { body: { name: '9lives', value } })
    expect(badName.status).toBe(400)
    expect(JSON.stringify(await jsonOf(badName))).toMatch(/"path":"name"/)
    const shortValue = await h.request('PUT', '/api/secrets/SHORT', { body: { value: 'abc' } })
    expect(shortValue.status).toBe(400)
    expect(JSON.stringify(await jsonOf(shortValue))).toMatch(/"path":"value"/)
    expect((await h.request('PUT', '/api/secrets/bad-name', { body: { value } })).status).toBe(400)

    const made = await h.request('PUT', '/api/secrets/TEMPORARY', { body: { value } })
    expect(made.status).toBe(201)
    expect((await h.request('DELETE', '/api/secrets/TEMPORARY')).status).toBe(204)
    const gone = await h.request('DELETE', '/api/secrets/TEMPORARY')
    expect(gone.status).toBe(404)
    expect((await jsonOf(gone)).error.message).toMatch(/TEMPORARY/)
  })
})

describe('deploying a workflow that references secrets', () => {
  const document = b.workflow(
    [
      b.trigger('start'),
      b.httpStep('pay', 'https://payouts.example/v1', {
        headers: { authorization: 'Bearer {{secret:PAYOUT_KEY}}', 'x-sign': '{{secret:SIGNING_KEY}}' },
      }),
      b.end('done'),
    ],
    b.chain('start', 'pay', 'done'),
    // Deployed at once: this is about the secrets a version uses, not about who approves it.
    { id: 'payouts', name: 'Payouts', deploysNeedApproval: false },
  )

  it('is refused while a referenced secret is missing, naming the step and field', async () => {
    expect((await h.request('POST', '/api/workflows', { body: { document } })).status).toBe(201)
    const refused = await h.request('POST', '/api/workflows/payouts/deployments')
    expect(refused.status).toBe(422)
    const { diagnostics } = (await jsonOf(refused)).error.details
    // What blocks the deploy; warnings about other things (a step's manual fallback) may come beside it.
    expect(diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'step.unknown-secret',
        level: 'run',
        nodeId: 'pay',
        path: ['nodes', 1, 'data', 'automate', 'connector', 'headers', 'x-sign'],
      }),
    ])
  })

  it('records which secrets the version uses once they are stored', async () => {
    expect((await h.request('PUT', '/api/secrets/SIGNING_KEY', { body: { value } })).status).toBe(201)
    const deployed = await h.request('POST', '/api/workflows/payouts/deployments')
    expect(deployed.status).toBe(201)
    expect((await jsonOf(deployed)).deployment.secrets).toEqual(['PAYOUT_KEY', 'SIGNING_KEY'])
    const listed = await jsonOf(await h.request('GET', '/api/workflows/payouts/deployments'))
    expect(listed.items[0].secrets).toEqual(['PAYOUT_KEY', 'SIGNING_KEY'])
  })
})

describe('the key that seals secrets', () => {
  it('is made on first start as a file only its owner may read', async () => {
    const mode = (await stat(join(h.dataDir, 'secret.key'))).mode & 0o777
    expect(mode).toBe(0o600)
  })

  it('refuses a malformed CONVEYOR_SECRET_KEY, naming it', () => {
    expect(() => loadConfig({ CONVEYOR_SECRET_KEY: 'not-a-key' })).toThrow(ConfigError)
    expect(() => loadConfig({ CONVEYOR_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /CONVEYOR_SECRET_KEY must be the base64 of 32 random bytes/,
    )
    expect(
      loadConfig({ CONVEYOR_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey,
    ).toHaveLength(32)
  })

  it('stops the start when another key sealed the stored secrets', async () => {
    await h.service.close()
    const wrongKey = Buffer.alloc(32, 1)
    await expect(createConveyorService({ dataDir: h.dataDir, secretKey: wrongKey })).rejects.toThrow(
      /CONVEYOR_SECRET_KEY does not open the stored secrets/,
    )
    h = await reopen(h)
    expect((await h.service.listSecrets()).map((s) => s.name)).toContain('PAYOUT_KEY')
  })
})

/** The same data folder served again, as after a restart. */
async function reopen(old: Harness): Promise<Harness> {
  return createHarness({ dataDir: old.dataDir })
}
