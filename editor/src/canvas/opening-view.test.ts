import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { openingView, readableZoom } from './opening-view'

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

/** Three nodes in a row: small enough to read when fitted. */
const row: WorkflowDocument = {
  ...chain(3),
  nodes: chain(3).nodes.map((node) => ({ ...node, position: { x: node.position.x, y: 0 } })),
}

const laptop = { width: 760, height: 600 }

describe('how a diagram opens', () => {
  it('fits a diagram that is readable when fitted, and leaves a blank one at 100%', () => {
    expect(openingView(row, laptop)).toEqual({ fit: true })
    expect(openingView(chain(0), laptop)).toEqual({ fit: false })
  })

  it('opens a diagram too big to read when fitted at a readable zoom, from its top-left corner', () => {
    for (const document of [chain(40), exampleDocument('order-to-cash')]) {
      const view = openingView(document, laptop)
      expect(view.fit).toBe(false)
      expect(view.viewport!.zoom).toBeGreaterThanOrEqual(readableZoom)
    }
    const { x, y, zoom } = openingView(chain(40), laptop).viewport!
    expect(x).toBe(140)
    expect(y).toBe(20)
    expect(zoom).toBeGreaterThanOrEqual(readableZoom)
  })
})
