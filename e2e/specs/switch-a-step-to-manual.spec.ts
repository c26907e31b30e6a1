import { exampleDocument } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

const triage = exampleDocument('it-hr-triage')

test('an operator switches an assisted step to manual during an outage, sees it on the node, and back', async ({
  gallery,
  editor,
}) => {
  await gallery.open()
  await gallery.useTemplate(triage.name)
  await editor.waitUntilOpen()
  expect(await editor.deploy()).toBe(1)

  // Close enough to read the node's badges (zoomed out, a node shows its name alone).
  await editor.findNode('Classify request')
  const metrics = await editor.openTab('Metrics')
  const fallback = metrics.getByRole('region', { name: 'Manual fallback' })
  await fallback.getByLabel('Why (Classify request)').fill('assistant outage')
  await fallback.getByRole('button', { name: 'Switch Classify request to manual' }).click()

  await expect(editor.node('Classify request')).toContainText(/Manual since \d\d:\d\d — assistant outage/)
  await expect(fallback.getByRole('listitem').filter({ hasText: 'Classify request' })).toContainText(
    'Manual since',
  )

  await fallback.getByLabel('Why (Classify request)').fill('assistant is back')
  await fallback.getByRole('button', { name: 'Switch Classify request back to automatic' }).click()
  await expect(fallback.getByRole('button', { name: 'Switch Classify request to manual' })).toBeVisible()
  await expect(editor.node('Classify request')).not.toContainText('Manual since')
})
