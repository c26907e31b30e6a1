import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../service/test-support/service-harness'
import { freshPostgresDatabase } from '../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase } from '../sql'
import { Writer, type SqlWrite } from '../writer'
import { insertPilot } from './pilot-rows'
import {
  insertDeployment,
  insertWorkflow,
  retireDeployments,
  updateWorkflow,
  WorkflowRows,
  type DeploymentRow,
} from './workflow-rows'

/** Each backend as the service opens it, written through a real Writer (group commit) over its port. */
interface Backend {
  sql: SqlDatabase
  write(...writes: SqlWrite[]): Promise<void>
  close(): Promise<void>
}

async function backend(sql: SqlDatabase, cleanUp: () => void = () => undefined): Promise<Backend> {
  const writer = new Writer(sql)
  return {
    sql,
    write: async (...writes) => {
      for (const { sql: text, params } of writes) writer.write(text, params)
      await writer.committed()
    },
    close: async () => {
      await writer.close()
      await sql.close()
      cleanUp()
    },
  }
}

const backends: Array<{ engine: SqlDatabase['engine']; open: () => Promise<Backend> }> = [
  {
    engine: 'sqlite',
    open: async () => {
      const dataDir = tempDataDir()
      return backend(await openSqlDatabase({ dataDir }), () =>
        rmSync(dataDir, { recursive: true, force: true }),
      )
    },
  },
  {
    engine: 'postgres',
    open: async () => backend(await openSqlDatabase({ url: await freshPostgresDatabase() })),
  },
]

const deployment = (workflowId: string, version: number, at: number): Omit<DeploymentRow, 'retired_at'> => ({
  id: `${workflowId}@${version}`,
  workflow_id: workflowId,
  version,
  document: '{}',
  compiled: '{}',
  deployed_at: at,
  deployed_by: 'user:ana',
  secrets: '[]',
})

describe.each(backends)('the workflow catalog on $engine', ({ open }) => {
  let store: Backend
  let rows: WorkflowRows

  beforeAll(async () => {
    store = await open()
    rows = new WorkflowRows(store.sql)
  })
  afterAll(() => store?.close())

  it('reads back workflows written through the builders, by id and by name', async () => {
    expect(await rows.isEmpty()).toBe(true)
    await store.write(
      insertWorkflow({ id: 'zeta', name: 'Approvals', document: '{"v":1}', created_at: 1, updated_at: 1 }),
      insertWorkflow({ id: 'alpha', name: 'Onboarding', document: '{"v":1}', created_at: 2, updated_at: 2 }),
    )
    expect(await rows.isEmpty()).toBe(false)
    expect(await rows.exists('zeta')).toBe(true)
    expect(await rows.exists('missing')).toBe(false)
    expect(await rows.one('missing')).toBeUndefined()
    expect((await rows.all()).map((row) => row.id)).toEqual(['zeta', 'alpha'])

    await store.write(
      updateWorkflow({ id: 'zeta', name: 'Approvals v2', document: '{"v":2}', revision: 2, updated_at: 5 }),
    )
    expect(await rows.one('zeta')).toEqual({
      id: 'zeta',
      name: 'Approvals v2',
      document: '{"v":2}',
      revision: 2,
      created_at: 1,
      updated_at: 5,
    })
  })

  it('finds the current deployment past running pilots, and none once all are retired', async () => {
    expect(await rows.maxVersion('zeta')).toBe(0)
    expect(await rows.currentDeploymentId('zeta')).toBeUndefined()
    await store.write(
      insertDeployment(deployment('zeta', 1, 10)),
      insertDeployment(deployment('zeta', 2, 20)),
      insertPilot({
        workflow_id: 'zeta',
        version: 2,
        baseline_version: 1,
        settings: '{"share":0.1}',
        started_at: 20,
        started_by: 'user:ana',
      }),
    )
    expect(await rows.maxVersion('zeta')).toBe(2)
    expect(await rows.latestDeployment('zeta')).toEqual({ id: 'zeta@2', version: 2, deployed_at: 20 })
    // Version 2 is a running pilot: new instances start on version 1.
    expect(await rows.currentDeploymentId('zeta')).toBe('zeta@1')
    expect((await rows.deployments('zeta')).map((row) => row.version)).toEqual([2, 1])
    expect(await rows.deployment('zeta@1')).toEqual({ ...deployment('zeta', 1, 10), retired_at: null })
    expect(await rows.deployment('zeta@9')).toBeUndefined()

    await store.write(retireDeployments('zeta', 30))
    expect(await rows.currentDeploymentId('zeta')).toBeUndefined()
    expect(await rows.latestDeployment('zeta')).toBeUndefined()
    // Retired versions still count: a workflow made later under the id numbers after them.
    expect(await rows.maxVersion('zeta')).toBe(2)
    expect((await rows.deployments('zeta')).map((row) => row.retired_at)).toEqual([30, 30])
  })
})
