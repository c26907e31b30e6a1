import { exampleDocument } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

const triage = exampleDocument('it-hr-triage')

test('an owner switches a step to manual from the canvas and back, sees it on the node, and reads both in its history', async ({
  gallery,
  editor,
  page,
}) => {
  await gallery.open()
  await gallery.useTemplate(triage.name)
  await editor.waitUntilOpen()
  expect(await editor.deploy()).toBe(1)

  // Centred by the search, then picked on the canvas as a person would.
  await editor.findNode('Classify request')
  await editor.select(editor.node('Classify request'))
  const inspector = await editor.openTab('Inspect')
  const running = inspector.getByRole('region', { name: 'Running now: Classify request' })
  const fallback = running.getByRole('region', { name: 'Manual fallback' })
  await fallback.getByLabel('Why (Classify request)').fill('assistant outage')
  await fallback.getByRole('button', { name: 'Switch Classify request to manual' }).click()
  await expect(fallback.getByRole('listitem')).toContainText(/Manual since \d\d:\d\d — assistant outage/)
  // The node says so on the canvas too, with no run view open.
  await expect(editor.node('Classify request')).toContainText(/Manual since \d\d:\d\d — assistant outage/)

  await fallback.getByLabel('Why (Classify request)').fill('assistant is back')
  await fallback.getByRole('button', { name: 'Switch Classify request back to automatic' }).click()
  await expect(fallback.getByRole('button', { name: 'Switch Classify request to manual' })).toBeVisible()
  await expect(editor.node('Classify request')).not.toContainText('Manual since')

  const history = running.getByRole('region', { name: 'History of Classify request' }).getByRole('listitem')
  await expect(history).toHaveText([
    /admin — Switched back to automatic: assistant is back$/,
    /admin — Switched to manual: assistant outage$/,
  ])
  // The autonomy in force is read from the runtime, as deployed.
  await expect(running.getByRole('region', { name: 'Autonomy in force' })).toContainText('as deployed')
  await expect(page.getByRole('alert')).toHaveCount(0)
})
