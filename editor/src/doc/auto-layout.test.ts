import { describe, expect, it } from 'vitest'
import { autoLayout } from './auto-layout'
import { nodeSize } from './geometry'
import { laneAt } from './lane-bands'
import { exampleDocument } from './test-documents'

describe('auto-layout', () => {
  it('lays the flow out left to right, keeping every node in its lane and none overlapping', async () => {
    const document = exampleDocument('order-to-cash')
    const positions = await autoLayout(document)
    expect(Object.keys(positions).sort()).toEqual(document.nodes.map((node) => node.id).sort())
    const at = (id: string) => positions[id]!
    for (const edge of document.edges) {
      expect(at(edge.target).x, `${edge.source} → ${edge.target}`).toBeGreaterThan(at(edge.source).x)
    }
    for (const node of document.nodes) {
      expect(laneAt(document, node.type, at(node.id).y), node.id).toBe(node.data.lane)
    }
    const boxes = document.nodes.map((node) => ({ id: node.id, ...at(node.id), ...nodeSize(node.type) }))
    for (const a of boxes) {
      for (const b of boxes) {
        if (a.id >= b.id) continue
        const overlap =
          a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false)
      }
    }
  })

  it('lays out a diagram without lanes too', async () => {
    const document = exampleDocument('ticket-to-resolution')
    const unlaned = {
      ...document,
      lanes: [],
      nodes: document.nodes.map((node) => ({ ...node, data: { ...node.data, lane: undefined } })),
    }
    const positions = await autoLayout(unlaned as typeof document)
    expect(Object.keys(positions)).toHaveLength(document.nodes.length)
  })
})
