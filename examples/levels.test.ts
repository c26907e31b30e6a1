import {
  isMapComplete,
  isReadyToRun,
  setupItems,
  validateDocument,
  type WorkflowDocument,
} from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { examples } from './index'

/**
 * The example as a manager would have mapped it before anyone wired it up: no connectors, no
 * assistants, no rule conditions. Returns the ids of the steps and rule decisions left unwired.
 */
function withoutWiring(document: WorkflowDocument): { map: WorkflowDocument; unwired: Set<string> } {
  const map = structuredClone(document)
  const unwired = new Set<string>()
  for (const node of map.nodes) {
    if (node.type === 'step' && node.data.mode === 'automate') delete node.data.automate
    else if (node.type === 'step' && node.data.mode === 'augment') delete node.data.augment
    else if (node.type === 'decision' && node.data.decidedBy === 'rule')
      for (const branch of node.data.branches) delete branch.condition
    else continue
    unwired.add(node.id)
  }
  return { map, unwired }
}

describe.each(examples)('$slug at two levels of done', ({ document }) => {
  it('is a complete map and ready to run as shipped', () => {
    const { diagnostics } = validateDocument(document)
    expect(isMapComplete(diagnostics)).toBe(true)
    expect(isReadyToRun(diagnostics)).toBe(true)
  })

  it('without its wiring is still a complete map, with each unwired node to set up', () => {
    const { map, unwired } = withoutWiring(document)
    expect(unwired.size).toBeGreaterThan(0)
    const { diagnostics } = validateDocument(map)
    expect(
      diagnostics.filter((diagnostic) => diagnostic.level === 'map' && diagnostic.severity !== 'info'),
    ).toEqual([])
    expect(isMapComplete(diagnostics)).toBe(true)
    const items = setupItems(diagnostics)
    const rules = map.nodes.filter((node) => node.type === 'decision' && unwired.has(node.id))
    const steps = [...unwired].filter((id) => !rules.some((node) => node.id === id))
    // One item per unwired step; one per branch of a rule decision that is not its default.
    const expected = [
      ...steps.map((id) => `${id} step.missing-config`),
      ...rules.flatMap((node) =>
        node.type === 'decision'
          ? node.data.branches
              .filter((branch) => branch.id !== node.data.defaultBranch)
              .map(() => `${node.id} decision.branch-without-condition`)
          : [],
      ),
    ]
    expect(items.map((item) => `${item.nodeId} ${item.code}`).sort()).toEqual(expected.sort())
    expect(isReadyToRun(diagnostics)).toBe(false)
  })
})
