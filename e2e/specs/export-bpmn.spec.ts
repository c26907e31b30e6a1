import { readFileSync } from 'node:fs'
import { exampleDocument } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

const orderToCash = exampleDocument('order-to-cash')

test('a process owner downloads the workflow on screen as BPMN, and the file imports back as it was', async ({
  page,
  gallery,
  editor,
}) => {
  // A name of its own on every run, so the journey finds what it made, not what an earlier run left.
  const renamed = `Reserve stock in the ERP ${Date.now()}`
  await gallery.open()
  await gallery.useTemplate(orderToCash.name)
  await editor.waitUntilOpen()
  const copyUrl = page.url()
  await editor.select(editor.node('Reserve stock'))
  await editor.rename(renamed)

  const downloading = page.waitForEvent('download')
  await editor.toolbar.getByRole('button', { name: 'Download as BPMN' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`${orderToCash.name}.bpmn`)
  const bpmn = readFileSync(await download.path(), 'utf8')
  // The file holds the diagram as it was on screen, the rename not yet saved by a timer included.
  expect(bpmn).toContain(`name="${renamed}"`)

  // A file that comes over whole opens at once as a workflow of its own, the rename in it.
  await gallery.open()
  await gallery.importFile(download.suggestedFilename(), bpmn)
  await expect(page).toHaveURL((url) => /^\/workflows\/[^/]+$/.test(url.pathname) && url.href !== copyUrl)
  await editor.waitUntilOpen()
  await expect(editor.node(renamed)).toBeVisible()
  for (const lane of orderToCash.lanes)
    await expect(
      editor.canvas.getByRole('button', { name: new RegExp(`^Lane ${lane.name}\\b`) }),
    ).toBeVisible()
})
