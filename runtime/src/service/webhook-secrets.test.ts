import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createConveyorService } from '.'
import { openHarness, tempDataDir, type Harness } from './test-support/service-harness'

function storedRow(dataDir: string): string {
  const db = new Database(join(dataDir, 'conveyor.db'), { readonly: true })
  try {
    return (db.prepare('SELECT secret FROM webhook_secrets').get() as { secret: string }).secret
  } finally {
    db.close()
  }
}

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('webhook signing secrets', () => {
  it('shows a new secret once, replaces the old one, and audits each rotation without the secret', async () => {
    harness = await openHarness()
    const { service } = harness
    expect(await service.webhookSecret('orders', 'incoming')).toBeUndefined()

    const first = await service.rotateWebhookSecret('orders', 'incoming', 'user:ana')
    expect(first).toMatch(/^whsec_/)
    expect(await service.webhookSecret('orders', 'incoming')).toBe(first)
    const second = await service.rotateWebhookSecret('orders', 'incoming', 'user:ana')
    expect(second).not.toBe(first)
    expect(await service.webhookSecret('orders', 'incoming')).toBe(second)
    expect(await service.webhookSecret('orders', 'other-trigger')).toBeUndefined()

    const audit = await service.listAudit({ action: 'webhook.secret_rotated' })
    expect(audit.items).toHaveLength(2)
    expect(audit.items[0]).toMatchObject({ actor: 'user:ana', workflowId: 'orders', nodeId: 'incoming' })
    expect(JSON.stringify(audit.items)).not.toContain(second)
    expect(await service.verifyAudit()).toMatchObject({ ok: true })
  })

  it('keeps the secrets of a data folder whose table was made before it was a migration', async () => {
    const dataDir = tempDataDir()
    harness = await openHarness({}, dataDir)
    const secret = await harness.service.rotateWebhookSecret('orders', 'incoming')
    await harness.service.close()
    const db = new Database(join(dataDir, 'conveyor.db'))
    db.prepare('DELETE FROM schema_migrations WHERE version = 2').run()
    db.close()

    harness = await openHarness({}, dataDir)
    expect(await harness.service.webhookSecret('orders', 'incoming')).toBe(secret)
  })

  it('keeps them sealed, and seals those an older data folder kept plain', async () => {
    const dataDir = tempDataDir()
    harness = await openHarness({}, dataDir)
    const secret = await harness.service.rotateWebhookSecret('orders', 'incoming')
    await harness.service.close()
    expect(storedRow(dataDir)).not.toContain(secret)

    const db = new Database(join(dataDir, 'conveyor.db'))
    db.prepare('UPDATE webhook_secrets SET secret = ?').run('whsec_plainFromBefore')
    db.close()
    harness = await openHarness({}, dataDir)
    expect(await harness.service.webhookSecret('orders', 'incoming')).toBe('whsec_plainFromBefore')
    expect(storedRow(dataDir)).not.toContain('plainFromBefore')
  })

  it('stop the start when another key sealed them', async () => {
    const dataDir = tempDataDir()
    harness = await openHarness({}, dataDir)
    await harness.service.rotateWebhookSecret('orders', 'incoming')
    await harness.service.close()
    await expect(createConveyorService({ dataDir, secretKey: Buffer.alloc(32, 3) })).rejects.toThrow(
      /CONVEYOR_SECRET_KEY does not open the stored secrets/,
    )
    harness = await openHarness({}, dataDir)
  })
})
