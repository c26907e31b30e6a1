import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { fitOnOpenLimit, openingView } from './opening-view'

const chain = (size: number): WorkflowDocument => ({
  ...exampleDocument('order-to-cash'),
  nodes: Array.from({ length: size }, (_, index): WorkflowNode =>
    index === 3
      ? {
          id: `n${index}`,
          type: 'trigger',
          position: { x: 1000, y: 500 },
          data: { label: 'Start', start: { kind: 'manual' } },
        }
      : {
          id: `n${index}`,
          type: 'end',
          position: { x: index * 200, y: 0 },
          data: { label: 'Done', outcome: 'completed' },
        },
  ),
  edges: [],
})

describe('how a diagram opens', () => {
  it('fits a small diagram and leaves a blank one at 100%', () => {
    expect(openingView(exampleDocument('order-to-cash'), 600)).toEqual({ fit: true })
    expect(openingView(chain(0), 600)).toEqual({ fit: false })
  })

  it('opens a big diagram readable, with its first trigger at the left, middle of the pane', () => {
    const view = openingView(chain(fitOnOpenLimit + 1), 600)
    expect(view.fit).toBe(false)
    const { x, y, zoom } = view.viewport!
    expect(zoom).toBeGreaterThanOrEqual(0.5)
    expect(1000 * zoom + x).toBe(60)
    expect((500 + 32) * zoom + y).toBeCloseTo(300)
  })
})
