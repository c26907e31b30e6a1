import { workflowBuilders as b } from '@conveyor/shared'
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { MetricsSource } from '../metrics/metrics-source'
import { openDatabase } from '../store/database'
import { sqliteSqlDatabase } from '../store/sql/sqlite-sql-database'
import { openHarness, tempDataDir, waitForStatus } from './test-support/service-harness'
import { startRecordingServer, type RecordingServer } from './test-support/recording-server'

const runtimeDir = fileURLToPath(new URL('../..', import.meta.url))
const child = fileURLToPath(new URL('./test-support/crash-child.ts', import.meta.url))

function crashWorkflow(url: string) {
  const http = (path: string) => ({
    automate: {
      connector: {
        kind: 'http' as const,
        method: 'POST' as const,
        url: `${url}${path}`,
        body: '{ "n": data.n }',
      },
    },
    saveAs: path.slice(1),
  })
  return b.workflow(
    [
      b.trigger('start'),
      b.step('prepare', {
        automate: { connector: { kind: 'transform', expression: '{ "prepared": n * 10 }' } },
      }),
      b.step('charge', http('/charge')),
      b.step('ship', http('/ship')),
      b.end('done'),
    ],
    b.chain('start', 'prepare', 'charge', 'ship', 'done'),
    { id: 'crash-test' },
  )
}

/** The metric tallies in the data folder equal a recomputation from its event log. */
async function expectTalliesMatchTheLog(dataDir: string, atLeast: number) {
  const db = openDatabase(dataDir)
  try {
    const source = new MetricsSource(sqliteSqlDatabase(db))
    const kept = (await source.workflow('crash-test')).metrics
    expect(kept).toEqual((await source.recompute('crash-test')).metrics)
    expect(kept.started).toBeGreaterThanOrEqual(atLeast)
  } finally {
    db.close()
  }
}

let server: RecordingServer | undefined
afterEach(async () => {
  await server?.close()
})

describe('crash recovery', () => {
  it('resumes every acknowledged instance after kill -9, repeating side effects with the same idempotency keys', async () => {
    server = await startRecordingServer()
    server.reply = () => ({ status: 200, body: { ok: true }, delayMs: 15 })
    const dataDir = tempDataDir()
    const setup = await openHarness({ allowPrivateHosts: ['127.0.0.1'] }, dataDir)
    await setup.service.createWorkflow(crashWorkflow(server.url))
    await setup.service.deploy('crash-test')
    await setup.service.close()

    const acknowledged: string[] = []
    // Node itself, not the tsx launcher: the process killed must be the one running the engine.
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, '200'], {
      cwd: runtimeDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve) => {
      proc.stdout.setEncoding('utf8')
      proc.stdout.on('data', (text: string) => {
        for (const line of text.split('\n')) {
          if (line.startsWith('acked ')) acknowledged.push(line.slice(6))
        }
        if (acknowledged.length >= 60 && server!.requests.length >= 20) resolve()
      })
    })
    proc.kill('SIGKILL')
    await new Promise((resolve) => proc.once('exit', resolve))
    const requestsBeforeCrash = server.requests.length
    const raw = new Database(join(dataDir, 'conveyor.db'), { readonly: true })
    const unfinished = acknowledged.filter(
      (id) =>
        (raw.prepare('SELECT status FROM instances WHERE id = ?').get(id) as { status: string }).status !==
        'completed',
    )
    raw.close()
    expect(unfinished.length).toBeGreaterThan(0)
    // The tallies committed with the events they count: what the killed process left agrees.
    await expectTalliesMatchTheLog(dataDir, acknowledged.length)

    const restarted = await openHarness({ allowPrivateHosts: ['127.0.0.1'] }, dataDir)
    try {
      for (const id of acknowledged) {
        const instance = await waitForStatus(restarted.service, id, ['completed'], 20_000)
        expect(instance.data).toMatchObject({
          prepared: expect.any(Number),
          charge: { ok: true },
          ship: { ok: true },
        })
      }
      expect(server.requests.length).toBeGreaterThan(requestsBeforeCrash)
      const keysByStep = new Map<string, Set<string>>()
      for (const request of server.requests) {
        const key = request.idempotencyKey!
        const [instanceId, stepId, visit] = key.split(':')
        expect(visit).toBe('1')
        expect(request.path).toBe(`/${stepId}`)
        const step = `${instanceId}:${stepId}`
        keysByStep.set(step, (keysByStep.get(step) ?? new Set()).add(key))
      }
      for (const id of acknowledged) {
        for (const stepId of ['charge', 'ship']) expect(keysByStep.get(`${id}:${stepId}`)?.size).toBe(1)
      }
      expect((await restarted.service.verifyAudit()).ok).toBe(true)
      await restarted.service.getWorkflowMetrics('crash-test')
      await expectTalliesMatchTheLog(dataDir, acknowledged.length)
    } finally {
      await restarted.close()
    }
  }, 60_000)
})
