import type { Example } from '@conveyor/examples'
import type { Form } from '@conveyor/shared'
import type { Harness } from './service-harness'
import type { RecordingServer, Reply } from './recording-server'

export interface TaskAction {
  data?: Record<string, unknown>
  branch?: string
  reject?: boolean
  /** Let the task's SLA lapse instead of acting on it. */
  lapse?: boolean
}

export interface Scenario {
  name: string
  trigger: string
  /** Start through a webhook delivery instead of a direct start. */
  webhook?: boolean
  input?: Record<string, unknown>
  /** Answers by URL fragment; an array answers successive calls in turn (the last one repeats). */
  replies?: Record<string, Reply | Reply[]>
  /** What people do at each task node; an array acts on successive visits. */
  tasks?: Record<string, TaskAction | TaskAction[]>
  expectEnd: string
}

const sample: Record<string, unknown> = {
  text: 'sample',
  longtext: 'Some notes about this item.',
  boolean: true,
  date: '2026-03-31',
  email: 'someone@example.com',
}

/** Values that fit every field of a form (first option, minimum number), overridden by `given`. */
export function fill(form: Form | undefined, given: Record<string, unknown> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const field of form?.fields ?? []) {
    if (field.type === 'select') data[field.id] = field.options?.[0]
    else if (field.type === 'number') data[field.id] = Math.max(field.min ?? 1, 1)
    else data[field.id] = sample[field.type]
  }
  return { ...data, ...given }
}

/** The example's document with every `https://host/...` URL pointing at the recording server. */
export function pointedAt(example: Example, server: RecordingServer): unknown {
  return JSON.parse(JSON.stringify(example.document).replaceAll('https://', `${server.url}/`))
}

export function answerFrom(replies: Record<string, Reply | Reply[]>, defaults: Record<string, Reply>) {
  const calls = new Map<string, number>()
  return (path: string): Reply => {
    for (const [fragment, reply] of Object.entries({ ...defaults, ...replies })) {
      if (!path.includes(fragment)) continue
      if (!Array.isArray(reply)) return reply
      const n = calls.get(fragment) ?? 0
      calls.set(fragment, n + 1)
      return reply[Math.min(n, reply.length - 1)]!
    }
    return { status: 200, body: {} }
  }
}

/**
 * Runs one scenario to its end through the service: completes tasks as told, moves the clock
 * over delays and retry backoff, and returns the end node and every node visited.
 */
export async function drive(
  harness: Harness,
  example: Example,
  scenario: Scenario,
): Promise<{ end: string; visited: Set<string> }> {
  const { service } = harness
  const workflowId = example.document.id
  const trigger = example.document.nodes.find((n) => n.id === scenario.trigger)
  const input = fill(trigger?.type === 'trigger' ? trigger.data.input : undefined, scenario.input)
  const { instance } = scenario.webhook
    ? await service.startFromWebhook({
        workflowId,
        triggerId: scenario.trigger,
        deliveryId: `${scenario.name}-delivery`,
        payload: input,
      })
    : await service.startInstance({ workflowId, trigger: scenario.trigger, input, by: 'user:driver' })
  const visits = new Map<string, number>()
  let runningPolls = 0
  for (let step = 0; step < 2_000; step++) {
    const current = await service.getInstance(instance.id)
    if (['completed', 'failed', 'cancelled', 'rejected'].includes(current.status)) {
      const visited = new Set(current.history.filter((h) => h.type === 'entered').map((h) => h.nodeId!))
      return { end: current.activeNodes[0]!, visited }
    }
    if (current.status === 'incident') {
      throw new Error(
        `${scenario.name}: incident at ${current.openIncidents.map((i) => `${i.nodeId}: ${i.error}`)}`,
      )
    }
    const task = current.openTasks[0]
    if (current.status === 'running' || (current.status === 'waiting' && !task)) {
      runningPolls++
      if (current.status === 'waiting' || runningPolls > 5) {
        await harness.advance(current.status === 'waiting' ? 40 * 86_400_000 : 3_600_000)
        runningPolls = 0
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
      continue
    }
    if (!task) continue
    const visit = visits.get(task.nodeId) ?? 0
    visits.set(task.nodeId, visit + 1)
    const planned = scenario.tasks?.[task.nodeId]
    const action = (Array.isArray(planned) ? planned[Math.min(visit, planned.length - 1)] : planned) ?? {}
    if (action.lapse) {
      await harness.advance(30 * 86_400_000)
      await new Promise((resolve) => setTimeout(resolve, 20))
    } else if (action.reject) {
      await service.rejectTask(task.id, { reason: 'driver rejects', by: 'user:driver' })
    } else if (task.kind === 'decision') {
      const branch = action.branch ?? (task.suggestion?.value as string | undefined) ?? task.branches![0]!.id
      await service.completeTask(task.id, { branch, by: 'user:driver' })
    } else {
      const data = fill(task.form as Form, { ...task.prefill, ...action.data })
      await service.completeTask(task.id, { data, by: 'user:driver' })
    }
  }
  throw new Error(`${scenario.name}: did not finish`)
}
