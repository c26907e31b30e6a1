import { workflowBuilders as b } from '@conveyor/shared'
import type { AuditEntry, Task } from '@conveyor/shared/protocol/api'
import type { StepAutonomyView } from '@conveyor/shared/protocol/step-autonomy'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { callApiForJson } from '../http/test-support/api-calls'
import { runServerProcess, waitForUrl, type Started } from '../http/test-support/server-process'
import { isSampled } from './autonomy-routing'

const labels = ['billing', 'technical']
const triage = b.workflow(
  [
    b.trigger('start'),
    b.step('classify', {
      mode: 'augment',
      lane: 'operations',
      augment: {
        assistant: {
          produces: 'classification',
          instructions: 'Which team handles this ticket?',
          labels,
          field: 'team',
          sees: ['subject'],
        },
        form: { fields: [{ id: 'team', label: 'Team', type: 'select', options: labels, required: true }] },
        autonomy: {
          threshold: 0.8,
          sampleShare: 0.3,
          promotion: { accuracy: 0.95, minReviewed: 50 },
          demotion: { accuracy: 0.8, overrides: 3, ofSampled: 5 },
        },
      },
    }),
    b.end('done'),
  ],
  b.chain('start', 'classify', 'done'),
)

const words: Record<string, string[]> = {
  billing: ['invoice', 'refund', 'charged', 'payment', 'receipt'],
  technical: ['crash', 'error', 'login', 'bug', 'timeout'],
}
/** A ticket whose words say plainly which team it is for. */
function ticket(n: number): { subject: string; team: string } {
  const team = labels[n % 2]!
  const pool = words[team]!
  return { subject: `${pool[n % 5]} ${pool[(n + 2) % 5]} problem`, team }
}

const adminToken = 'autonomy-test-admin-token'
let dataDir: string
let server: Started
let origin: string
let viewer: string

const call = (method: string, path: string, body?: unknown, token = adminToken) =>
  callApiForJson(origin, token, method, path, body)

const autonomyPath = '/api/workflows/test-workflow/steps/classify/autonomy'
const autonomy = async () => (await call('GET', autonomyPath)).body as StepAutonomyView
const audit = async (action: string) =>
  (await call('GET', `/api/audit?workflowId=test-workflow&action=${action}`)).body.items as AuditEntry[]

/** Starts a ticket and waits until the step either made a task or finished without a person. */
async function run(n: number): Promise<{ instanceId: string; task?: Task }> {
  const started = await call('POST', '/api/workflows/test-workflow/instances', {
    input: { subject: ticket(n).subject },
  })
  expect(started.status).toBe(201)
  const instanceId: string = started.body.instance.id
  return vi.waitFor(
    async () => {
      const tasks = (await call('GET', `/api/tasks?instanceId=${instanceId}&status=open`)).body
        .items as Task[]
      if (tasks[0]) return { instanceId, task: tasks[0] }
      const instance = (await call('GET', `/api/instances/${instanceId}`)).body
      if (instance.status !== 'completed') throw new Error(`instance is ${instance.status}`)
      return { instanceId }
    },
    { timeout: 10_000, interval: 5 },
  )
}

async function complete(task: Task, team: string) {
  expect((await call('POST', `/api/tasks/${task.id}/complete`, { data: { team } })).status).toBe(200)
}

async function start() {
  server = runServerProcess({ CONVEYOR_DATA: dataDir, CONVEYOR_ADMIN_TOKEN: adminToken })
  origin = (await waitForUrl(server)).replace(/\/$/, '')
}

/** The server is killed with no chance to flush or close anything, then started on the same data. */
async function killAndRestart() {
  server.child.kill('SIGKILL')
  await server.exited
  await start()
}

beforeAll(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), 'conveyor-autonomy-')), 'data')
  await start()
  expect((await call('POST', '/api/workflows', { document: triage })).status).toBe(201)
  expect((await call('POST', '/api/workflows/test-workflow/deployments')).status).toBe(201)
  const created = await call('POST', '/api/tokens', { name: 'vera', role: 'viewer' })
  viewer = created.body.secret
})
afterAll(async () => {
  server.child.kill('SIGTERM')
  await server.exited
  await rm(join(dataDir, '..'), { recursive: true, force: true })
})

/** Room for starting the server process again on a busy machine. */
const withRestart = 120_000

describe('graduated autonomy of an augment step', () => {
  it('starts at the document’s level: a person reviews every suggestion, which carries its confidence', async () => {
    expect(await autonomy()).toMatchObject({
      level: 'suggest',
      threshold: 0.8,
      source: 'document',
      proposal: null,
      figures: { reviewed: 0, accuracy: null },
    })
    const { instanceId, task } = await run(0)
    expect(task?.suggestion?.confidence).toEqual(expect.any(Number))
    const [asked] = (await call('GET', `/api/audit?instanceId=${instanceId}&action=assistant.asked`)).body
      .items
    expect(asked.detail).toMatchObject({ confidence: task!.suggestion!.confidence })
    await complete(task!, ticket(0).team)
  })

  it(
    'proposes promotion once a full window of consistent verdicts is accurate enough; the proposal survives kill -9 and a restart',
    async () => {
      for (let n = 1; n < 60; n++) {
        const { task } = await run(n)
        await complete(task!, ticket(n).team)
      }
      const view = await vi.waitFor(async () => {
        const current = await autonomy()
        if (!current.proposal) throw new Error('no proposal yet')
        return current
      })
      expect(view.level).toBe('suggest')
      expect(view.proposal).toMatchObject({
        level: 'auto-apply',
        threshold: 0.8,
        figures: { window: 50, reviewed: 50 },
      })
      expect(view.proposal!.figures.accuracy).toBeGreaterThanOrEqual(0.95)
      const [proposed] = await audit('autonomy.proposed')
      expect(proposed).toMatchObject({ actor: 'system', nodeId: 'classify', detail: { to: 'auto-apply' } })

      await killAndRestart()
      expect((await autonomy()).proposal).toEqual(view.proposal)
    },
    withRestart,
  )

  it('is approved by someone who may change the workflow, not by a viewer', async () => {
    const refused = await call('POST', autonomyPath, { level: 'auto-apply' }, viewer)
    expect(refused.status).toBe(403)
    const bad = await call('POST', autonomyPath, { level: 'auto-apply', threshold: 1.5 })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.error.details)).toContain('threshold')
    const missing = await call('POST', '/api/workflows/test-workflow/steps/nowhere/autonomy', {
      level: 'auto-apply',
    })
    expect(missing.status).toBe(404)

    const { proposal } = await autonomy()
    const approved = await call('POST', autonomyPath, { level: 'auto-apply', threshold: 0.8 })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ level: 'auto-apply', source: 'policy', proposal: null })
    const [changed] = await audit('autonomy.changed')
    expect(changed).toMatchObject({
      actor: expect.stringMatching(/^user:/),
      detail: { to: { level: 'auto-apply', threshold: 0.8 }, proposalId: proposal!.id, proposal: 'approved' },
    })
  })

  it('then applies confident suggestions without a person, except the sampled share; overrides among the samples demote it at once', async () => {
    let applied = 0
    const sampled: Task[] = []
    for (let n = 100; sampled.length < 5 || applied < 3; n++) {
      expect(n).toBeLessThan(200)
      const { instanceId, task } = await run(n)
      const goesToPeople = isSampled(`${instanceId}:classify:1`, 0.3)
      if (!task) {
        expect(goesToPeople).toBe(false)
        const [entry] = (await call('GET', `/api/audit?instanceId=${instanceId}&action=assistant.applied`))
          .body.items
        expect(entry).toMatchObject({
          actor: 'system',
          detail: { value: ticket(n).team, level: 'auto-apply' },
        })
        expect(entry.detail.confidence).toBeGreaterThanOrEqual(0.8)
        const { history } = (await call('GET', `/api/instances/${instanceId}`)).body
        expect(history.map((entry: { type: string }) => entry.type)).toContain('assistant.applied')
        applied++
        continue
      }
      // Unsure suggestions go to people too; confident ones only when sampled.
      expect(goesToPeople || task.suggestion!.confidence! < 0.8).toBe(true)
      if (goesToPeople && task.suggestion!.confidence! >= 0.8) sampled.push(task)
      else await complete(task, ticket(n).team)
    }
    const metrics = (await call('GET', '/api/workflows/test-workflow/metrics')).body
    expect(metrics.steps.classify).toMatchObject({ autoApplied: applied })
    const wrong = (task: Task) => labels.find((label) => label !== task.suggestion!.value)!
    await complete(sampled[0]!, sampled[0]!.suggestion!.value as string)
    await complete(sampled[1]!, sampled[1]!.suggestion!.value as string)
    await complete(sampled[2]!, wrong(sampled[2]!))
    await complete(sampled[3]!, wrong(sampled[3]!))
    expect((await autonomy()).level).toBe('auto-apply')
    await complete(sampled[4]!, wrong(sampled[4]!))

    const demoted = await vi.waitFor(async () => {
      const current = await autonomy()
      if (current.level !== 'suggest') throw new Error(`still ${current.level}`)
      return current
    })
    expect(demoted).toMatchObject({ source: 'policy', setBy: 'system' })
    const [entry] = await audit('autonomy.demoted')
    expect(entry).toMatchObject({
      actor: 'system',
      detail: { from: 'auto-apply', to: 'suggest', figures: { sampledReviewed: 5, sampledOverrides: 3 } },
    })
    expect(entry!.detail!.reason).toMatch(/3 of the last 5 sampled reviews were overrides/)

    // New visits go to people again, whatever their confidence.
    for (let n = 300; n < 305; n++) expect((await run(n)).task).toBeDefined()
  })

  it(
    'keeps the level it was demoted to across kill -9 and a restart, and the audit chain verifies',
    async () => {
      await killAndRestart()
      expect(await autonomy()).toMatchObject({ level: 'suggest', source: 'policy', setBy: 'system' })
      expect((await run(400)).task).toBeDefined()
      expect((await call('GET', '/api/audit/verify')).body).toMatchObject({ ok: true })
    },
    withRestart,
  )
})
