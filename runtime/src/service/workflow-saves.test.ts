import { WorkflowDocument } from '@conveyor/shared'
import { chain, end, step, trigger, workflow } from '@conveyor/shared/testing/builders'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openHarness, type Harness } from './test-support/service-harness'
import type { WorkflowSave } from './workflow-saves'

let harness: Harness | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await harness?.close()
  harness = undefined
})

const document = WorkflowDocument.parse(
  workflow([trigger('start'), step('work'), end('done')], chain('start', 'work', 'done'), { id: 'orders' }),
)

describe('saves of stored workflows', () => {
  it('tells listeners of each committed create and update, with the revision it replaced', async () => {
    harness = await openHarness()
    const { service } = harness
    const saves: WorkflowSave[] = []
    const stop = service.onWorkflowSaved((save) => saves.push(save))

    await service.createWorkflow(document, 'user:ana')
    const renamed = { ...document, name: 'Renamed' }
    await service.updateWorkflow('orders', renamed, { by: 'user:bo', expectedRevision: 1 })
    await expect(service.updateWorkflow('orders', document, { expectedRevision: 1 })).rejects.toMatchObject({
      reason: 'stale_revision',
    })

    expect(saves).toEqual([
      { workflowId: 'orders', revision: 1, document, by: 'user:ana' },
      {
        workflowId: 'orders',
        revision: 2,
        document: renamed,
        previous: { revision: 1, document },
        by: 'user:bo',
      },
    ])
    stop()
    await service.updateWorkflow('orders', document, { by: 'user:bo' })
    expect(saves).toHaveLength(2)
  })

  it('keeps telling the other listeners when one throws, and the save stands', async () => {
    harness = await openHarness()
    const { service } = harness
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const told: number[] = []
    service.onWorkflowSaved(() => {
      throw new Error('listener broke')
    })
    service.onWorkflowSaved((save) => told.push(save.revision))

    await service.createWorkflow(document)

    expect(told).toEqual([1])
    expect((await service.getWorkflow('orders')).revision).toBe(1)
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('listener broke'))
  })
})
