import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import type { DocumentChange } from './changes'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

type ChangeOf<T extends DocumentChange['type']> = Extract<DocumentChange, { type: T }>

interface ChangeCase<T extends DocumentChange['type']> {
  change: ChangeOf<T>
  /** What the document must show once the change is applied (checked after execute and redo). */
  expectApplied: (after: WorkflowDocument, before: WorkflowDocument) => void
}

const archive: WorkflowNode = {
  id: 'archive',
  type: 'step',
  position: { x: 10, y: 20 },
  data: { label: 'Archive the order', mode: 'human', human: { form: { fields: [] } } },
}
const archiveCheck: WorkflowNode = {
  id: 'archive-check',
  type: 'end',
  position: { x: 300, y: 20 },
  data: { label: 'Archived', outcome: 'completed' },
}

const nodeOf = (document: WorkflowDocument, id: string) => document.nodes.find((node) => node.id === id)
const idsOf = (entries: Array<{ id: string }>) => entries.map((entry) => entry.id)

/**
 * One case per kind of change (a `Record`, so a new kind of change without a case here does not
 * compile), each on the order-to-cash example.
 */
const cases: { [T in DocumentChange['type']]: ChangeCase<T> } = {
  addNode: {
    change: { type: 'addNode', node: archive },
    expectApplied: (after) => expect(after.nodes.at(-1)).toEqual(archive),
  },
  addElements: {
    change: {
      type: 'addElements',
      nodes: [archive, archiveCheck],
      edges: [{ id: 'e-archive', source: 'archive', target: 'archive-check' }],
    },
    expectApplied: (after) => {
      expect(after.nodes.slice(-2)).toEqual([archive, archiveCheck])
      expect(after.edges.at(-1)).toEqual({ id: 'e-archive', source: 'archive', target: 'archive-check' })
    },
  },
  moveNodes: {
    change: {
      type: 'moveNodes',
      positions: { 'order-received': { x: 1, y: 2 }, 'phone-order': { x: 3, y: 4 } },
    },
    expectApplied: (after) => {
      expect(nodeOf(after, 'order-received')?.position).toEqual({ x: 1, y: 2 })
      expect(nodeOf(after, 'phone-order')?.position).toEqual({ x: 3, y: 4 })
    },
  },
  updateNodeData: {
    change: {
      type: 'updateNodeData',
      id: 'review-credit',
      patch: { label: 'Review the credit limit', description: undefined, lane: 'finance-lead' },
    },
    expectApplied: (after, before) => {
      const data = nodeOf(after, 'review-credit')?.data
      expect(data).toMatchObject({ label: 'Review the credit limit', lane: 'finance-lead' })
      expect(data).not.toHaveProperty('description')
      expect(nodeOf(before, 'review-credit')?.data).toHaveProperty('description')
    },
  },
  setStepMode: {
    change: { type: 'setStepMode', id: 'normalise-order', mode: 'augment' },
    expectApplied: (after) => {
      const step = nodeOf(after, 'normalise-order')
      expect(step?.type === 'step' && step.data.mode).toBe('augment')
      // Assisted for the first time: its assistant comes with a field to write into.
      expect(step?.type === 'step' && step.data.augment?.assistant.field).toBe('draft')
      expect(step?.type === 'step' && step.data.automate).toBeDefined()
    },
  },
  connect: {
    change: {
      type: 'connect',
      edge: { id: 'e-dunning-declined', source: 'dunning-call', target: 'order-declined' },
    },
    expectApplied: (after) =>
      expect(after.edges.at(-1)).toEqual({
        id: 'e-dunning-declined',
        source: 'dunning-call',
        target: 'order-declined',
      }),
  },
  updateEdge: {
    change: { type: 'updateEdge', id: 'e-review-reserve', label: 'Approved' },
    expectApplied: (after) =>
      expect(after.edges.find((edge) => edge.id === 'e-review-reserve')?.data).toEqual({ label: 'Approved' }),
  },
  deleteElements: {
    change: { type: 'deleteElements', nodeIds: ['review-credit'], edgeIds: ['e-paid-end'] },
    expectApplied: (after) => {
      // The exception attached to the step and every edge touching either goes with it.
      expect(idsOf(after.nodes)).not.toContain('review-credit')
      expect(idsOf(after.nodes)).not.toContain('credit-declined')
      for (const id of ['e-credit-over', 'e-review-reserve', 'e-declined-notify', 'e-paid-end'])
        expect(idsOf(after.edges)).not.toContain(id)
      expect(idsOf(after.edges)).toContain('e-notify-end')
    },
  },
  setLane: {
    change: { type: 'setLane', nodeIds: ['notify-declined', 'order-declined'], lane: 'billing' },
    expectApplied: (after) => {
      expect(nodeOf(after, 'notify-declined')?.data.lane).toBe('billing')
      expect(nodeOf(after, 'order-declined')?.data.lane).toBe('billing')
    },
  },
  addLane: {
    change: { type: 'addLane', lane: { id: 'records', name: 'Records office', kind: 'team' } },
    expectApplied: (after) =>
      expect(after.lanes.at(-1)).toEqual({ id: 'records', name: 'Records office', kind: 'team' }),
  },
  updateLane: {
    change: { type: 'updateLane', id: 'credit', patch: { name: 'Credit desk', description: 'Limits' } },
    expectApplied: (after) =>
      expect(after.lanes.find((lane) => lane.id === 'credit')).toEqual({
        id: 'credit',
        name: 'Credit desk',
        kind: 'role',
        description: 'Limits',
      }),
  },
  removeLane: {
    change: { type: 'removeLane', id: 'credit' },
    expectApplied: (after) => {
      expect(idsOf(after.lanes)).not.toContain('credit')
      for (const id of ['credit-check', 'review-credit', 'credit-declined'])
        expect(nodeOf(after, id)?.data).not.toHaveProperty('lane')
    },
  },
  updateMeta: {
    change: { type: 'updateMeta', patch: { name: 'Order to cash, 2027', owner: undefined } },
    expectApplied: (after) => {
      expect(after.name).toBe('Order to cash, 2027')
      expect(after).not.toHaveProperty('owner')
    },
  },
}

describe('every kind of document change executes, undoes and redoes', () => {
  it.each(Object.values(cases) as Array<ChangeCase<DocumentChange['type']>>)(
    '$change.type',
    ({ change, expectApplied }) => {
      const store = new WorkflowStore()
      store.load(exampleDocument('order-to-cash'))
      const before = store.getSnapshot()

      store.apply(change)
      const after = store.getSnapshot()
      expect(after).not.toEqual(before)
      expectApplied(after, before)
      expect(store.getHistory()).toEqual({ canUndo: true, canRedo: false })

      store.undo()
      expect(store.getSnapshot()).toEqual(before)
      expect(store.getHistory()).toEqual({ canUndo: false, canRedo: true })

      store.redo()
      expect(store.getSnapshot()).toEqual(after)
      expectApplied(store.getSnapshot(), before)
      expect(store.getHistory()).toEqual({ canUndo: true, canRedo: false })
    },
  )
})
