import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { openingView, readableZoom } from './opening-view'
import { detailZoom } from './zoom-levels'

const chain = (size: number): WorkflowDocument => ({
  ...exampleDocument('order-to-cash'),
  lanes: [],
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

  it('opens a diagram too big to read when fitted at a readable zoom, at its trigger', () => {
    for (const document of [chain(40), exampleDocument('invoice-intake')]) {
      const view = openingView(document, laptop)
      expect(view.fit).toBe(false)
      expect(view.viewport!.zoom).toBeGreaterThanOrEqual(readableZoom)
    }
    // The trigger (at 1000, 500) is at the top left of the pane, right of the lane names.
    const { x, y, zoom } = openingView(chain(40), laptop).viewport!
    expect(x + 1000 * zoom).toBe(140)
    expect(y + 500 * zoom).toBeGreaterThan(0)
    expect(y + 500 * zoom).toBeLessThan(60)
    expect(zoom).toBeGreaterThanOrEqual(readableZoom)
  })

  it('opens a diagram of thousands of nodes in full detail, where only what is on screen is drawn', () => {
    expect(openingView(chain(1000), laptop).viewport!.zoom).toBeGreaterThanOrEqual(detailZoom)
  })
})
