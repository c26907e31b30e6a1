import { describe, expect, it } from 'vitest'
import { handlesOf } from '../../canvas/node-handles'
import { planAddNode } from '../../doc/add-node'
import { checkConnection, freeExits } from '../../doc/connection-rules'
import { exampleDocument } from '../../doc/test-documents'
import { WorkflowStore } from '../../doc/workflow-store'

const view = { x: 0, y: 0, width: 1200, height: 800 }

describe('a note on the diagram', () => {
  it('is added beside the selected node without connecting to it, and nothing connects to it', () => {
    const store = new WorkflowStore()
    store.load(exampleDocument('order-to-cash'))
    const before = store.getSnapshot()
    const selected = before.nodes.find((node) => node.type === 'step')!
    const plan = planAddNode(before, { kind: 'note', selected: [selected.id], view })
    if (!plan.ok) throw new Error(plan.reason)
    store.apply(...plan.changes)
    const document = store.getSnapshot()
    const note = document.nodes.find((node) => node.id === plan.nodeId)!
    expect(note).toMatchObject({ type: 'note', data: { label: 'Note' } })
    expect(document.edges).toEqual(before.edges)
    expect(checkConnection(document, { source: selected.id, target: note.id })).toEqual({
      ok: false,
      reason: 'A note is not part of the flow: nothing connects to it.',
    })
    expect(checkConnection(document, { source: note.id, target: selected.id }).ok).toBe(false)
    expect(freeExits(document, note)).toEqual([])
    expect(handlesOf(note)).toEqual([])
  })
})
