import { exampleDocument } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

// The runtime stores the examples on first start, so the gallery lists them from the beginning.
const orderToCash = exampleDocument('order-to-cash')

test('a person starts, copies and removes workflows from the gallery', async ({ page, gallery, inbox }) => {
  // A name of its own on every run: the journey can repeat against one runtime (`--repeat-each`)
  // and find what it made, not what an earlier run left.
  const stamp = Date.now()
  const name = `Refund requests ${stamp}`
  const copy = `Copy of ${name}`
  await gallery.open()
  await gallery.createBlank(name)
  await expect(page).toHaveURL(new RegExp(`/workflows/refund-requests-${stamp}$`))

  await gallery.open()
  await expect(await gallery.cell(name, 'Nodes')).toHaveText('0')
  await expect(await gallery.cell(orderToCash.name, 'Nodes')).toHaveText(String(orderToCash.nodes.length))
  await expect(await gallery.cell(orderToCash.name, 'Owner')).toHaveText(orderToCash.owner ?? '')
  await gallery.duplicate(name)
  await expect(page.getByRole('status')).toHaveText(`Created “${copy}”.`)
  await expect(gallery.row(copy)).toBeVisible()

  await gallery.delete(copy)
  await expect(page.getByRole('status')).toHaveText(`Deleted “${copy}”.`)
  await expect(gallery.row(copy)).toHaveCount(0)
  await expect(gallery.row(name)).toBeVisible()

  // The header leads on to people's work.
  await inbox.open()
  await expect(page).toHaveURL(/\/inbox$/)
})

test('a template becomes a workflow of one’s own', async ({ page, gallery }) => {
  await gallery.open()
  await gallery.useTemplate('Lead to live customer')
  await expect(page).toHaveURL(/\/workflows\/lead-to-customer-\d+$/)
})

test('an imported file that is not a workflow says what is wrong with it', async ({ page, gallery }) => {
  await gallery.open()
  await gallery.importFile('notes.json', '{ "this is": not json')
  await expect(page.getByRole('alert')).toContainText('notes.json is not a JSON document')

  const broken = {
    schemaVersion: 1,
    id: 'broken',
    name: 'Broken',
    nodes: [{ id: 'a', type: 'teleport' }],
    edges: [],
  }
  await gallery.importFile('broken.json', JSON.stringify(broken))
  const problems = page.getByRole('alert')
  await expect(problems).toContainText('The file was not imported')
  await expect(problems.getByRole('list', { name: 'Problems' })).toContainText('nodes[0]')

  const stamp = Date.now()
  const valid = { ...broken, id: `imported-refunds-${stamp}`, name: `Imported refunds ${stamp}`, nodes: [] }
  await gallery.importFile('refunds.json', JSON.stringify(valid))
  await expect(page).toHaveURL(new RegExp(`/workflows/imported-refunds-${stamp}$`))
})
