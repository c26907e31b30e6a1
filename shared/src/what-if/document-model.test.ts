import { describe, expect, it } from 'vitest'
import { WorkflowDocument, type WorkflowDocumentInput } from '../model'
import {
  chain,
  decision,
  edge,
  end,
  exception,
  fork,
  humanStep,
  join,
  step,
  trigger,
  workflow,
} from '../testing/builders'
import { simulateWhatIf } from './compare'
import { whatIfModel } from './document-model'

const parse = (input: WorkflowDocumentInput) => WorkflowDocument.parse(input)

/** Receive → check (people) → verdict: approve → pay (machine, may fail → by hand) → paid; reject → rejected. */
const approval = parse(
  workflow(
    [
      trigger('received'),
      humanStep('check', {
        facts: { volumePerWeek: 840, handlingTimeMinutes: 12, staff: 3, costPerItem: 6 },
        sla: { within: '4h', escalateTo: 'leads' },
      }),
      decision('verdict', ['reject', 'approve'], { facts: { volumePerWeek: 840 } }),
      step('pay', {
        facts: { handlingTimeMinutes: 2, waitTimeMinutes: 3, errorRate: 0.1, costPerItem: 0.5 },
      }),
      exception('payFailed', 'pay'),
      humanStep('payByHand', { facts: { volumePerWeek: 70, handlingTimeMinutes: 8 } }),
      end('paid'),
      end('rejected', 'rejected'),
    ],
    [
      ...chain('received', 'check', 'verdict'),
      edge('verdict', 'pay', 'approve'),
      edge('verdict', 'rejected', 'reject'),
      ...chain('pay', 'paid'),
      ...chain('payFailed', 'payByHand', 'paid'),
    ],
    {
      lanes: [
        { id: 'operations', name: 'Operations' },
        { id: 'leads', name: 'Team leads' },
      ],
    },
  ),
)

describe('the what-if model of a workflow document', () => {
  it('reads arrivals, people, handling times, failures and SLAs from the facts', () => {
    const { model } = whatIfModel(approval)
    expect(model.arrivals).toEqual({ perHour: 5, starts: [{ node: 'received', share: 1 }] })
    expect(model.lanes).toEqual([
      { id: 'operations', name: 'Operations', people: 3 },
      { id: 'leads', name: 'Team leads', people: 1 },
    ])
    const node = (id: string) => model.nodes.find((candidate) => candidate.id === id)!
    expect(node('check')).toMatchObject({
      work: { by: 'person', lane: 'operations', handling: { kind: 'exponential', meanMinutes: 12 } },
      cost: 6,
      sla: { withinMinutes: 240, escalateTo: 'leads' },
      route: { kind: 'next', to: 'verdict' },
    })
    expect(node('pay')).toMatchObject({
      work: { by: 'machine', duration: { kind: 'fixed', minutes: 5 } },
      failureRate: 0.1,
      onFailure: 'payFailed',
    })
    expect(node('payFailed').route).toEqual({ kind: 'next', to: 'payByHand' })
    expect(node('rejected').route).toEqual({ kind: 'finish', outcome: 'rejected' })
    expect(node('verdict').work).toBeUndefined()
  })

  it('reports every figure it had to assume, and where', () => {
    const { assumptions } = whatIfModel(approval)
    expect(assumptions.map(({ node, lane, field }) => ({ node, lane, field }))).toEqual([
      { node: 'verdict', lane: undefined, field: 'branches' },
      { node: 'payByHand', lane: undefined, field: 'facts.costPerItem' },
      { node: undefined, lane: 'leads', field: 'facts.staff' },
    ])
    expect(assumptions[0]!.message).toBe(
      'How often “verdict” takes “reject”, “approve” is not known; 50% each assumed.',
    )
  })

  it('takes branch shares from the volumes of the steps only one branch leads to', () => {
    const routed = parse(
      workflow(
        [
          trigger('in'),
          decision('route', ['small', 'large'], { facts: { volumePerWeek: 1000 } }),
          humanStep('quick', { facts: { volumePerWeek: 800, handlingTimeMinutes: 1 } }),
          humanStep('slow', { facts: { volumePerWeek: 200, handlingTimeMinutes: 1 } }),
          end('out'),
        ],
        [
          ...chain('in', 'route'),
          edge('route', 'quick', 'small'),
          edge('route', 'slow', 'large'),
          ...chain('quick', 'out'),
          ...chain('slow', 'out'),
        ],
      ),
    )
    const route = whatIfModel(routed).model.nodes.find((node) => node.id === 'route')!.route
    expect(route).toEqual({
      kind: 'branch',
      options: [
        { branch: 'small', to: 'quick', probability: 0.8 },
        { branch: 'large', to: 'slow', probability: 0.2 },
      ],
    })
  })

  it('runs parallel branches and goes on when the last one arrives', () => {
    const parallel = parse(
      workflow(
        [
          trigger('in'),
          fork('split'),
          step('short', { facts: { volumePerWeek: 168, handlingTimeMinutes: 10, costPerItem: 1 } }),
          step('long', { facts: { handlingTimeMinutes: 30, costPerItem: 2 } }),
          join('meet'),
          end('out'),
        ],
        [...chain('in', 'split', 'short', 'meet', 'out'), ...chain('split', 'long', 'meet')],
      ),
    )
    const result = simulateWhatIf(parallel, {}, { items: 500, seed: 1 })
    expect(result.ended).toBe(500)
    expect(result.leadTimeMinutes).toEqual({ p50: 30, p90: 30, p99: 30, mean: 30 })
    expect(result.costPerItem).toBe(3)
    expect(result.touchlessRate).toBe(1)
    expect(result.bottleneck).toBeUndefined()
  })

  it('sends failed machine work down its exception path, and counts who touched what', () => {
    const result = simulateWhatIf(
      approval,
      { branches: { verdict: { approve: 1, reject: 0 } } },
      { items: 20_000, seed: 5 },
    )
    expect(result.outcomes).toEqual({ completed: 20_000, rejected: 0, cancelled: 0, failed: 0 })
    const byHand = result.steps.find((entry) => entry.id === 'payByHand')!
    expect(byHand.visitsPerItem).toBeCloseTo(0.1, 2)
    // Everyone passes the check, so nothing is touchless.
    expect(result.touchlessRate).toBe(0)
    expect(result.costPerItem).toBeCloseTo(6 + 0.5, 1)
  })

  it('moves work still waiting when its SLA is breached to the lane it escalates to', () => {
    const shorthanded = {
      lanes: { operations: { people: 1 } },
      branches: { verdict: { approve: 1, reject: 0 } },
    }
    const result = simulateWhatIf(approval, shorthanded, { items: 5_000, seed: 3 })
    const lane = (id: string) => result.lanes.find((entry) => entry.id === id)!
    expect(result.steps.find((entry) => entry.id === 'check')!.slaBreaches).toBeGreaterThan(100)
    // The leads take the overflow, so items wait less than with no SLA at all.
    expect(lane('leads').utilisation).toBeGreaterThan(0.02)
    expect(result.unfinished).toBe(0)
    const untouched = simulateWhatIf(
      approval,
      { ...shorthanded, sla: { check: null } },
      { items: 5_000, seed: 3 },
    )
    expect(untouched.lanes.map((entry) => entry.id)).toEqual(['operations'])
    expect(result.leadTimeMinutes.p90).toBeLessThan(untouched.leadTimeMinutes.p90 / 2)
  })
})
