import type { WorkflowDocumentInput } from '@conveyor/shared'

const columns = 50

/**
 * A workflow of `size` nodes laid out on a grid: a trigger, a chain of steps (modes in turn) and
 * an end. Big enough to stress the canvas, valid enough to be stored.
 */
export function generateDiagram(size: number): WorkflowDocumentInput {
  const nodes: WorkflowDocumentInput['nodes'] = []
  const edges: WorkflowDocumentInput['edges'] = []
  const position = (index: number) => ({ x: (index % columns) * 240, y: Math.floor(index / columns) * 140 })
  nodes.push({
    id: 'n0',
    type: 'trigger',
    position: position(0),
    data: { label: 'Start', start: { kind: 'manual' } },
  })
  for (let index = 1; index < size - 1; index++) {
    const mode = (['automate', 'augment', 'human'] as const)[index % 3] ?? 'human'
    nodes.push({
      id: `n${index}`,
      type: 'step',
      position: position(index),
      data: {
        label: `Step ${index}`,
        mode,
        human: { form: { fields: [{ id: 'note', label: 'Note', type: 'text' }] } },
        automate: { connector: { kind: 'transform', expression: '{"ok": true}' } },
        augment: {
          assistant: { produces: 'draft', instructions: 'Draft a note', field: 'note' },
          form: { fields: [{ id: 'note', label: 'Note', type: 'longtext' }] },
        },
      },
    })
  }
  nodes.push({ id: `n${size - 1}`, type: 'end', position: position(size - 1), data: { label: 'Done' } })
  for (let index = 1; index < size; index++) {
    edges.push({ id: `e${index}`, source: `n${index - 1}`, target: `n${index}` })
  }
  return { schemaVersion: 1, id: `bench-${size}`, name: `Benchmark ${size} nodes`, nodes, edges }
}
