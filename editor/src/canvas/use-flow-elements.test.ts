// @vitest-environment jsdom
import { cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { XY } from '../doc/changes'
import { exampleDocument } from '../doc/test-documents'
import type { FlowInputs } from './use-flow-elements'
import { useFlowElements } from './use-flow-elements'

afterEach(cleanup)

const document = exampleDocument('order-to-cash')
// The canvas hands the same objects on every drag frame: only `dragging` changes.
const resting = {
  document,
  overlay: {},
  nodeProblems: new Map(),
  edgeProblems: new Map(),
  selectedNodes: new Set<string>(),
  selectedEdges: new Set<string>(),
  plain: false,
}
const inputs = (dragging: ReadonlyMap<string, XY>): FlowInputs => ({ ...resting, dragging })

describe('flow elements while a node is dragged', () => {
  it('moves the dragged node and keeps every other node object, frame after frame', () => {
    const dragged = document.nodes[1]!.id
    const { result, rerender } = renderHook((props: FlowInputs) => useFlowElements(props), {
      initialProps: inputs(new Map()),
    })
    const atRest = result.current.nodes
    const edges = result.current.edges
    const others = (nodes: typeof atRest) => nodes.filter((node) => node.id !== dragged)

    for (const x of [10, 20, 30]) {
      rerender(inputs(new Map([[dragged, { x, y: 5 }]])))
      const frame = result.current.nodes
      expect(frame.find((node) => node.id === dragged)?.position).toEqual({ x, y: 5 })
      others(frame).forEach((node, index) => expect(node).toBe(others(atRest)[index]))
      expect(result.current.edges).toBe(edges)
    }

    // Let go without a change to the document (dropped where it was): back where it rests.
    rerender(inputs(new Map()))
    expect(result.current.nodes).toEqual(atRest)
    others(result.current.nodes).forEach((node, index) => expect(node).toBe(others(atRest)[index]))
  })
})
