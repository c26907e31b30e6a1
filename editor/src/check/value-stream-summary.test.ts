import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { summarizeValueStream } from './value-stream-summary'

const step = (
  id: string,
  mode: 'automate' | 'augment' | 'human',
  facts?: Record<string, number>,
): WorkflowNode => ({
  id,
  type: 'step',
  position: { x: 0, y: 0 },
  data: { label: `Step ${id}`, mode, ...(facts ? { facts } : {}) },
})

const documentOf = (nodes: WorkflowNode[]): WorkflowDocument => ({
  schemaVersion: 1,
  id: 'summary',
  name: 'Summary',
  targets: [],
  lanes: [],
  nodes,
  edges: [],
})

describe('value-stream summary', () => {
  it('adds up handling, lead time and cost, and derives process cycle efficiency', () => {
    const summary = summarizeValueStream(
      documentOf([
        step('a', 'human', { handlingTimeMinutes: 10, waitTimeMinutes: 50, costPerItem: 4 }),
        step('b', 'automate', { handlingTimeMinutes: 2, waitTimeMinutes: 18, costPerItem: 0.5 }),
        step('c', 'augment'),
      ]),
    )
    expect(summary).toMatchObject({
      handlingMinutes: 12,
      leadMinutes: 80,
      costPerItem: 4.5,
      stepCount: 3,
      withoutFacts: ['c'],
    })
    expect(summary.processCycleEfficiency).toBeCloseTo(0.15)
    expect(summary.modeShare).toEqual({ automate: 1 / 3, augment: 1 / 3, human: 1 / 3 })
  })

  it('names the step using most of its staff’s week as the bottleneck', () => {
    const summary = summarizeValueStream(
      documentOf([
        // 200 items × 30 min = 6000 min of work for 2 people (4800 min): 125%.
        step('review', 'human', {
          handlingTimeMinutes: 30,
          waitTimeMinutes: 10,
          volumePerWeek: 200,
          staff: 2,
        }),
        // Longer per item, but 1000 min of work for 1 person: 42%.
        step('approve', 'human', {
          handlingTimeMinutes: 100,
          waitTimeMinutes: 900,
          volumePerWeek: 10,
          staff: 1,
        }),
      ]),
    )
    expect(summary.bottleneck).toEqual({
      nodeId: 'review',
      label: 'Step review',
      reason: 'its work takes 125% of its staff’s week',
    })
  })

  it('falls back to the step where an item spends longest when staffing is unknown', () => {
    const summary = summarizeValueStream(
      documentOf([
        step('a', 'human', { handlingTimeMinutes: 5, waitTimeMinutes: 5 }),
        step('b', 'human', { handlingTimeMinutes: 1, waitTimeMinutes: 60 }),
      ]),
    )
    expect(summary.bottleneck?.nodeId).toBe('b')
  })

  it('reports nothing it cannot know for a diagram without facts', () => {
    const summary = summarizeValueStream(documentOf([step('a', 'human')]))
    expect(summary.processCycleEfficiency).toBeUndefined()
    expect(summary.bottleneck).toBeUndefined()
    expect(summary.withoutFacts).toEqual(['a'])
  })
})
