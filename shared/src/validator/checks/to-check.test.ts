import { describe, expect, it } from 'vitest'
import { isReadyToRun, validateDocument } from '../index'
import { chain, end, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const imported = step('assess', {
  label: 'Assess damage',
  toCheck: [
    {
      message: 'A subprocess became one human step; its 3 inner elements are not in the workflow',
      hint: 'Draw its inner steps here if people need to see them.',
    },
  ],
})

describe('what an import left to check', () => {
  it('is listed per finding, with the node’s name and the import’s advice, as a warning to read before it runs', () => {
    const document = workflow([trigger('start'), imported, end('done')], chain('start', 'assess', 'done'))
    expect(diagnosticsWithCode(document, 'node.to-check')).toEqual([
      {
        code: 'node.to-check',
        severity: 'warning',
        level: 'run',
        nodeId: 'assess',
        path: ['nodes', 1, 'data', 'toCheck', 0],
        message:
          '"Assess damage" (assess), as imported: A subprocess became one human step; its 3 inner elements are not in the workflow.',
        hint: 'Draw its inner steps here if people need to see them.',
      },
    ])
  })

  it('keeps nothing from running, and is gone once the node holds nothing to check', () => {
    const document = workflow([trigger('start'), imported, end('done')], chain('start', 'assess', 'done'))
    const { diagnostics } = validateDocument(document)
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'node.to-check')).toHaveLength(1)
    expect(isReadyToRun(diagnostics)).toBe(true)
    const checked = workflow(
      [trigger('start'), step('assess', { label: 'Assess damage' }), end('done')],
      chain('start', 'assess', 'done'),
    )
    expect(diagnosticsWithCode(checked, 'node.to-check')).toEqual([])
  })
})
