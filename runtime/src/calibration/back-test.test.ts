import { samplerOf, simRandom, workflowBuilders as b, type Distribution } from '@conveyor/shared'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApiForJson } from '../http/test-support/api-calls'
import { createHarness, type Harness } from '../http/test-support/app-harness'
import { listen } from '../http/test-support/listen'

/**
 * The back-test of the calibrated simulator: claims arrive at a known rate and are worked by a known
 * number of people with known handling times, through the real runtime behind a real port. The
 * test plays the people (each lane's people take its tasks in the order they came, one at a time,
 * and answer each after a drawn handling time) on the engine's clock, which it moves from one
 * moment to the next. The simulator, calibrated from the first three days, must predict the lead
 * times of the claims that arrive in the next three days.
 */
const minute = 60_000
const day = 1_440 * minute
/** A Monday, 00:00 UTC. */
const start = Date.UTC(2026, 0, 5)
const halfDays = 3
const truth = {
  perHour: 6,
  clerks: 2,
  check: { kind: 'lognormal', meanMinutes: 12, sdMinutes: 9 } as Distribution,
  leads: 1,
  approve: { kind: 'exponential', meanMinutes: 5 } as Distribution,
}

/** The typed-in facts are deliberately wrong: calibration must replace them with what runs show. */
const claims = b.workflow(
  [
    b.trigger('received'),
    b.humanStep('check', {
      lane: 'clerks',
      facts: { volumePerWeek: 300, handlingTimeMinutes: 30, staff: 2 },
    }),
    b.humanStep('approve', { lane: 'leads', facts: { handlingTimeMinutes: 1, staff: 1 } }),
    b.end('done'),
  ],
  b.chain('received', 'check', 'approve', 'done'),
  {
    id: 'claims',
    lanes: [
      { id: 'clerks', name: 'Clerks' },
      { id: 'leads', name: 'Leads' },
    ],
  },
)

let clock = start
let harness: Harness
let server: Awaited<ReturnType<typeof listen>>
const api = async (method: string, path: string, body?: unknown) => {
  const { status, body: answer } = await callApiForJson(server.url, harness.tokens.admin, method, path, body)
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(answer)}`)
  return answer
}

beforeAll(async () => {
  // Real SQLite in memory-backed files where the machine has them: the test acknowledges some
  // six thousand commits, and waiting on a disk's flushes would be most of its time.
  const shm = '/dev/shm'
  const dataDir = existsSync(shm) ? await mkdtemp(join(shm, 'conveyor-back-test-')) : undefined
  harness = await createHarness({ now: () => clock, ...(dataDir && { dataDir }) })
  server = await listen(harness.app)
  await api('POST', '/api/workflows', { document: claims })
  await api('POST', '/api/workflows/claims/deployments', {})
})
afterAll(async () => {
  await server?.close()
  await harness?.close()
})

interface Work {
  instanceId: string
  taskId: string
  lane: string
  node: string
}

/** The open task of an instance (created by the engine when it entered a person's step), if any. */
async function openTaskOf(instanceId: string): Promise<Work | undefined> {
  const { items } = await api('GET', `/api/tasks?instanceId=${instanceId}&status=open`)
  const task = items[0]
  return task && { instanceId, taskId: task.id, lane: task.lane, node: task.nodeId }
}

/** Plays six days of arrivals and people's work, calibrating and predicting when the first half ends. */
async function driveRuns(): Promise<void> {
  const random = simRandom(2026)
  const handling: Record<string, (r: typeof random) => number> = {
    check: samplerOf(truth.check),
    approve: samplerOf(truth.approve),
  }
  const arrivals: number[] = []
  for (let at = start; ;) {
    // Whole milliseconds, as every clock the store keeps times of gives.
    at += Math.round((-Math.log(random.nextPositive()) / truth.perHour) * 60 * minute)
    if (at >= start + 2 * halfDays * day) break
    arrivals.push(at)
  }
  const free: Record<string, number> = { clerks: truth.clerks, leads: truth.leads }
  const queues: Record<string, Work[]> = { clerks: [], leads: [] }
  /** People's answers due, soonest last (popped from the end). */
  let due: Array<{ at: number; work: Work }> = []
  let nextArrival = 0
  let calibrated = false

  const queueNext = async (instanceId: string) => {
    const work = await openTaskOf(instanceId)
    if (work) queues[work.lane]!.push(work)
  }
  const startWork = async () => {
    for (const lane of Object.keys(queues)) {
      while (free[lane]! > 0 && queues[lane]!.length > 0) {
        const work = queues[lane]!.shift()!
        free[lane]!--
        await api('POST', `/api/tasks/${work.taskId}/claim`)
        due.push({ at: clock + Math.round(handling[work.node]!(random) * minute), work })
        due = due.sort((x, y) => y.at - x.at)
      }
    }
  }

  while (nextArrival < arrivals.length || due.length > 0) {
    const arrival = arrivals[nextArrival] ?? Infinity
    const answer = due[due.length - 1]?.at ?? Infinity
    clock = Math.min(arrival, answer)
    if (!calibrated && clock >= start + halfDays * day) {
      calibrated = true
      await calibrateAndPredict(start + halfDays * day)
    }
    if (arrival <= answer) {
      nextArrival++
      const { instance } = await api('POST', '/api/workflows/claims/instances', { input: {} })
      await queueNext(instance.id)
    } else {
      const { work } = due.pop()!
      await api('POST', `/api/tasks/${work.taskId}/complete`, { data: {} })
      free[work.lane]!++
      if (work.node === 'check') await queueNext(work.instanceId)
    }
    await startWork()
  }
}

let predicted: { p50: number; p90: number } | undefined
let calibration: { items: number; figures: Array<{ node?: string; field: string; source: string }> }

/** At the end of the first half: what the simulator, calibrated from it, expects of lead times. */
async function calibrateAndPredict(at: number) {
  const moment = clock
  clock = at
  const result = await api('POST', '/api/workflows/claims/simulations', {
    items: 20_000,
    seed: 1,
    calibrateFromRuns: { days: halfDays },
  })
  predicted = result.baseline.leadTimeMinutes
  calibration = result.calibration
  clock = moment
}

/** Lead times (minutes) of the items that started in the second half, read back from the runtime. */
async function observedSecondHalf(): Promise<number[]> {
  const minutes: number[] = []
  let cursor: string | undefined
  do {
    const page = await api(
      'GET',
      `/api/instances?workflowId=claims&status=completed&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    )
    for (const instance of page.items) {
      const started = Date.parse(instance.startedAt)
      if (started >= start + halfDays * day) minutes.push((Date.parse(instance.endedAt) - started) / minute)
    }
    cursor = page.nextCursor
  } while (cursor)
  return minutes.sort((x, y) => x - y)
}

const quantile = (sorted: number[], q: number) => sorted[Math.ceil(q * sorted.length) - 1]!

describe('back-test: the simulator calibrated on three days of runs predicts the next three', () => {
  it('predicts the lead time p50 and p90 of the held-out days within 15%', async () => {
    await driveRuns()
    expect(calibration.items).toBeGreaterThan(350)
    expect(calibration.figures.map((figure) => [figure.node, figure.field, figure.source])).toEqual([
      [undefined, 'facts.volumePerWeek', 'runs'],
      ['check', 'facts.handlingTimeMinutes', 'runs'],
      ['approve', 'facts.handlingTimeMinutes', 'runs'],
    ])
    const observed = await observedSecondHalf()
    expect(observed.length).toBeGreaterThan(350)
    const actual = { p50: quantile(observed, 0.5), p90: quantile(observed, 0.9) }
    const error = {
      p50: (predicted!.p50 - actual.p50) / actual.p50,
      p90: (predicted!.p90 - actual.p90) / actual.p90,
    }
    const percent = (share: number) => `${(share * 100).toFixed(1)}%`
    console.log(
      `Back-test over ${observed.length} held-out items: lead time p50 predicted ${predicted!.p50.toFixed(1)} min, ` +
        `observed ${actual.p50.toFixed(1)} (error ${percent(error.p50)}); p90 predicted ${predicted!.p90.toFixed(1)} min, ` +
        `observed ${actual.p90.toFixed(1)} (error ${percent(error.p90)})`,
    )
    expect(Math.abs(error.p50)).toBeLessThan(0.15)
    expect(Math.abs(error.p90)).toBeLessThan(0.15)
    // About 45 s of CPU: some 900 claims, each a handful of requests and acknowledged commits.
  }, 600_000)
})
