import { readDocument, workflowYDoc, writeDocument, WorkflowDocument } from '@conveyor/shared'
import { chain, end, step, trigger, workflow } from '@conveyor/shared/testing/builders'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from '../service/test-support/service-harness'
import { storedProjection } from './stored-projection'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const document = WorkflowDocument.parse(
  workflow([trigger('start'), step('work'), end('done')], chain('start', 'work', 'done'), { id: 'orders' }),
)

/** A live document that nobody's connection changes but the test, and the projection writing it. */
async function openProjection() {
  harness = await openHarness()
  const { service } = harness
  await service.createWorkflow(document)
  const ydoc = new Y.Doc()
  writeDocument(workflowYDoc(ydoc), document)
  const errors: string[] = []
  const projection = storedProjection(
    service,
    (line) => errors.push(line),
    async (_workflowId, change) => change(ydoc),
    60_000,
  )
  return { service, ydoc, projection, errors }
}

describe('writing the stored workflow from the live document', () => {
  it('never writes back a live document read before an API save, which would undo the save', async () => {
    const { service, ydoc, projection, errors } = await openProjection()
    const y = workflowYDoc(ydoc)
    ;(y.nodes.get('work')!.get('data') as Y.Map<unknown>).set('label', 'Edited live')
    // Ann's batch is stored and waits for its window; the live document is read now.
    projection.documentChanged('orders', ydoc, new Set(['ann']))

    const saved = await projection.save(
      'orders',
      { ...document, name: 'Renamed by the API' },
      { by: 'user:bo' },
    )
    expect(saved.revision).toBe(2)
    await projection.idle('orders')

    const stored = await service.getWorkflow('orders')
    expect(stored.revision).toBe(3)
    expect(stored.document).toEqual(readDocument(y))
    expect(stored.document.name).toBe('Renamed by the API')
    expect(stored.document.nodes.find((node) => node.id === 'work')?.data.label).toBe('Edited live')
    expect(errors).toEqual([])
  })
})
