import { examples } from '@conveyor/examples'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { startStandInSystems, withStandIns } from './test-support/stand-in-systems'
import { signDelivery } from './webhooks/standard-webhooks'

interface FieldView {
  id: string
  type: string
  required: boolean
  options?: string[]
  min?: number
  max?: number
}

/** A value a person would plausibly type into each kind of field. */
function valueFor(field: FieldView): unknown {
  switch (field.type) {
    case 'number':
      return Math.min(Math.max(field.min ?? 0, 100), field.max ?? Number.POSITIVE_INFINITY)
    case 'boolean':
      return true
    case 'date':
      return '2026-03-02'
    case 'email':
      return 'someone@example.test'
    case 'select':
      return field.options?.[0] ?? 'a'
    default:
      return `${field.id} text`
  }
}

function formData(fields: FieldView[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.id, valueFor(field)]))
}

const finished = ['completed', 'failed', 'cancelled', 'rejected']

let h: Harness
let standIns: Awaited<ReturnType<typeof startStandInSystems>>

beforeAll(async () => {
  standIns = await startStandInSystems()
  h = await createHarness({ allowPrivateHosts: ['127.0.0.1'] })
})
afterAll(async () => {
  await h.close()
  await standIns.close()
})

/**
 * Works the instance like its people would, only through the API: claims and completes every task
 * (a decision takes another branch each time it comes back, so rework loops end), until it ends.
 */
async function driveToEnd(instanceId: string, worker: string) {
  const visits = new Map<string, number>()
  let instance
  for (let round = 0; round < 400; round++) {
    instance = await jsonOf(await h.request('GET', `/api/instances/${instanceId}`))
    if (finished.includes(instance.status)) return instance
    const tasks = (await jsonOf(await h.request('GET', `/api/tasks?instanceId=${instanceId}&status=open`)))
      .items
    for (const task of tasks) {
      expect((await h.request('POST', `/api/tasks/${task.id}/claim`, { token: worker })).status).toBe(200)
      const visit = visits.get(task.nodeId) ?? 0
      visits.set(task.nodeId, visit + 1)
      const branch = task.branches?.length ? task.branches[visit % task.branches.length].id : undefined
      const completion = { data: { ...formData(task.form.fields), ...task.prefill }, branch }
      const done = await h.request('POST', `/api/tasks/${task.id}/complete`, {
        token: worker,
        body: completion,
      })
      expect(done.status, JSON.stringify(await done.clone().json())).toBe(200)
    }
    if (instance.openIncidents.length > 0) {
      throw new Error(`instance stuck on an incident: ${JSON.stringify(instance.openIncidents)}`)
    }
    if (tasks.length === 0) await new Promise((resolve) => setTimeout(resolve, 25))
  }
  const last = JSON.stringify(instance.history.slice(-3))
  throw new Error(
    `instance did not finish: ${instance.status} at ${instance.activeNodes.join(', ')}; last ${last}`,
  )
}

describe('every example, deployed and run to an end through the HTTP API', () => {
  it.each(examples.map((example) => ({ slug: example.slug, example })))('$slug', async ({ example }) => {
    const document = withStandIns(example.document, standIns.origin)
    const created = await h.request('POST', '/api/workflows', { token: h.tokens.editor, body: { document } })
    expect(created.status).toBe(201)
    const deployed = await h.request('POST', `/api/workflows/${document.id}/deployments`, {
      token: h.tokens.editor,
    })
    expect(deployed.status).toBe(201)

    const triggers = document.nodes.filter((node) => node.type === 'trigger')
    const manual = triggers.find((node) => node.data.start.kind === 'manual')
    const webhook = triggers.find((node) => node.data.start.kind === 'webhook')
    let instanceId: string
    if (manual) {
      const input = formData((manual.data.input?.fields ?? []) as FieldView[])
      const started = await h.request('POST', `/api/workflows/${document.id}/instances`, {
        token: h.tokens.editor,
        body: { trigger: manual.id, input },
      })
      expect(started.status).toBe(201)
      instanceId = (await jsonOf(started)).instance.id
    } else {
      expect(webhook, 'an example starts by hand or by webhook').toBeDefined()
      const made = await h.request('POST', `/api/workflows/${document.id}/triggers/${webhook!.id}/secret`)
      const { secret } = await jsonOf(made)
      const body = JSON.stringify(formData((webhook!.data.input?.fields ?? []) as FieldView[]))
      const timestamp = Math.floor(Date.now() / 1000)
      const delivered = await h.request('POST', `/hooks/${document.id}/${webhook!.id}`, {
        token: null,
        rawBody: body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': `msg_${document.id}`,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signDelivery(secret, `msg_${document.id}`, timestamp, body),
        },
      })
      expect(delivered.status).toBe(202)
      instanceId = (await jsonOf(delivered)).instance.id
    }

    const worker = await h.tokenFor(`worker-${document.id}`, 'editor')
    const ended = await driveToEnd(instanceId, worker)
    expect(ended.status).toBe('completed')
    expect(ended.outcome).toBeDefined()
    expect(ended.history.length).toBeGreaterThan(2)

    const metrics = await jsonOf(await h.request('GET', `/api/workflows/${document.id}/metrics`))
    expect(metrics.completed).toBe(1)
  })

  it('shows the runs in Prometheus text format', async () => {
    const response = await h.request('GET', '/metrics', { token: h.tokens.viewer })
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    for (const example of examples) {
      expect(text).toMatch(
        new RegExp(`conveyor_instances_completed_total\\{[^}]*"${example.slug}"[^}]*\\} 1`),
      )
    }
  })

  it('leaves an intact audit chain behind', async () => {
    const verification = await jsonOf(await h.request('GET', '/api/audit/verify'))
    expect(verification).toMatchObject({ ok: true })
    expect(verification.checked).toBeGreaterThan(0)
  })
})
