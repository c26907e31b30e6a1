import { expect, test } from '../fixtures/test'

test('a manager pins a note beside the end; it reads on the diagram and stays out of the flow', async ({
  gallery,
  editor,
}) => {
  await gallery.open()
  await gallery.createBlank(`Purchase orders ${Date.now()}`)
  await editor.waitUntilOpen()

  await editor.addNode('trigger', 'Order placed')
  const done = await editor.addNode('end', 'Done')
  await expect(editor.edge('Order placed', 'Done')).toHaveCount(1)
  const readiness = editor.toolbar.getByRole('status', { name: 'Readiness' })
  await expect(readiness).toHaveText('Map complete · ready to run')

  // Added with the end selected, the note goes beside it but nothing connects to it.
  await editor.select(done)
  const note = await editor.addNode('note', 'Ask finance about the limit')
  const inspector = await editor.openTab('Inspect')
  await inspector.getByRole('textbox', { name: 'Description' }).fill('Before we automate approvals.')
  await inspector.getByRole('textbox', { name: 'Description' }).press('Tab')
  await expect(note).toContainText('Before we automate approvals.')
  await expect(editor.canvas.getByRole('group', { name: /^Edge from/ })).toHaveCount(1)

  // The note is no problem for the map or the run.
  await expect(readiness).toHaveText('Map complete · ready to run')
})
