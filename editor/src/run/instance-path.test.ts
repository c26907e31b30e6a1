import type { InstanceDetail } from '@conveyor/shared/protocol/api'
import { describe, expect, it } from 'vitest'
import { instanceOverlay, stepTimings } from './instance-path'

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, seconds)).toISOString()
const now = Date.parse(at(60))

const instance: InstanceDetail = {
  id: 'i1',
  workflowId: 'refunds',
  deploymentId: 'refunds@1',
  version: 1,
  status: 'waiting',
  activeNodes: ['review'],
  startedAt: at(0),
  updatedAt: at(10),
  trigger: 'start',
  data: {},
  state: 'review',
  history: [
    { seq: 1, at: at(0), type: 'entered', nodeId: 'start' },
    { seq: 2, at: at(0), type: 'STEP_DONE', nodeId: 'start' },
    { seq: 4, at: at(9), type: 'STEP_DONE', nodeId: 'lookup' },
    { seq: 3, at: at(1), type: 'entered', nodeId: 'lookup' },
    { seq: 5, at: at(10), type: 'entered', nodeId: 'review' },
    { seq: 0, at: at(0), type: 'START' },
  ],
  openTasks: [],
  openIncidents: [],
}

describe('stepTimings', () => {
  it('measures each node from its first to its last event, in the order reached', () => {
    expect(stepTimings(instance.history, [], now)).toEqual([
      { nodeId: 'start', firstAt: at(0), ms: 0 },
      { nodeId: 'lookup', firstAt: at(1), ms: 8_000 },
      { nodeId: 'review', firstAt: at(10), ms: 0 },
    ])
  })

  it('counts a node the instance is at until now', () => {
    expect(stepTimings(instance.history, ['review'], now).at(-1)).toEqual({
      nodeId: 'review',
      firstAt: at(10),
      ms: 50_000,
    })
  })
})

describe('instanceOverlay', () => {
  it('paints the path, the current node and each step’s time', () => {
    expect(instanceOverlay(instance, now)).toEqual({
      start: { status: 'visited', badges: ['0 ms'] },
      lookup: { status: 'visited', badges: ['8.0 s'] },
      review: { status: 'active', badges: ['50.0 s'] },
    })
  })

  it('shows a node as waiting while a person holds its task, and failed where an incident is open', () => {
    const task = { nodeId: 'review' } as InstanceDetail['openTasks'][number]
    const incident = { nodeId: 'lookup' } as InstanceDetail['openIncidents'][number]
    const overlay = instanceOverlay({ ...instance, openTasks: [task], openIncidents: [incident] }, now)
    expect(overlay.review?.status).toBe('waiting')
    expect(overlay.lookup?.status).toBe('failed')
  })
})
