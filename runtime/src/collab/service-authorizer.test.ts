import { examples } from '@conveyor/examples'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConveyorService, type SqliteConveyorService } from '../service'
import { collabAuthorizer } from './service-authorizer'

let dir: string
let service: SqliteConveyorService

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-authorizer-'))
  service = await createConveyorService({ dataDir: dir })
})

afterEach(async () => {
  await service.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('access to live documents by API token', () => {
  it("gives a valid token's role on workflows that exist, as its person, and nothing otherwise", async () => {
    const workflow = await service.createWorkflow(examples[0]!.document)
    const viewer = await service.createToken({ name: 'Vera', role: 'viewer' })
    const editor = await service.createToken({ name: 'Ed', role: 'editor' })
    const authorize = collabAuthorizer(service)

    expect(await authorize(viewer.secret, workflow.id)).toEqual({ role: 'viewer', person: 'Vera' })
    expect(await authorize(editor.secret, workflow.id)).toEqual({ role: 'editor', person: 'Ed' })
    expect(await authorize(editor.secret, 'no-such-workflow')).toBeNull()
    expect(await authorize('not-a-token', workflow.id)).toBeNull()

    await service.revokeToken(editor.token.id)
    expect(await authorize(editor.secret, workflow.id)).toBeNull()
  })
})
