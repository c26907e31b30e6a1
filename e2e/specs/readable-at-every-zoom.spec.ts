import { exampleDocument } from '../fixtures/example-document'
import { legible, namesOnScreen } from '../fixtures/legible-names'
import { expect, test } from '../fixtures/test'

test('the largest example opens at its start and fit view shows every name it draws at a size that reads', async ({
  page,
  gallery,
  editor,
}) => {
  const example = exampleDocument('invoice-intake')
  const largest = [
    'invoice-intake',
    'order-to-cash',
    'lead-to-customer',
    'ticket-to-resolution',
    'it-hr-triage',
  ].every((slug) => exampleDocument(slug).nodes.length <= example.nodes.length)
  expect(largest, 'invoice intake is the largest example').toBe(true)

  await gallery.open()
  await gallery.useTemplate(example.name)
  await editor.waitUntilOpen()

  // Too big to read fitted: it opens where the flow starts, every trigger in view.
  for (const trigger of example.nodes.filter((node) => node.type === 'trigger'))
    await expect(editor.node(trigger.data.label)).toBeInViewport()
  const opened = await namesOnScreen(page)
  expect(opened.names.length).toBeGreaterThan(0)
  for (const { name, pixels } of opened.names) expect(pixels, name).toBeGreaterThanOrEqual(legible)

  await editor.toolbar.getByRole('button', { name: 'Fit view' }).click()
  // Once the view has settled: as many names as fit, and every one drawn large enough to read.
  let shown = 0
  await expect
    .poll(async () => {
      const { names } = await namesOnScreen(page)
      const small = names.filter(({ pixels }) => pixels < legible).map(({ name }) => name)
      shown = names.length
      return { small, enough: names.length >= opened.names.length }
    })
    .toEqual({ small: [], enough: true })
  console.log(`fit view: ${shown} of ${example.nodes.length} names on screen, all ≥ ${legible} px`)
})

test('zooming out switches nodes to their name alone, enlarged, and back in to everything', async ({
  page,
  gallery,
  editor,
}) => {
  const example = exampleDocument('ticket-to-resolution')
  await gallery.open()
  await gallery.useTemplate(example.name)
  await editor.waitUntilOpen()
  const step = editor.node('Classify ticket')
  const zoomOut = page.getByRole('button', { name: 'Zoom Out' })
  const zoomIn = page.getByRole('button', { name: 'Zoom In' })

  // Up close (finding a node centres it at 100% at least), a step shows its mode switch.
  await editor.findNode('Classify ticket')
  await expect(step.getByRole('button', { name: /^Mode:/ })).toBeVisible()
  await expect.poll(async () => (await namesOnScreen(page)).zoom).toBeGreaterThanOrEqual(1)

  // Zoomed out to about half: its name alone, drawn larger than the full form's and still legible.
  const nameAt = async () => (await namesOnScreen(page)).names.find(({ name }) => name === 'Classify ticket')
  const close = (await nameAt())!.pixels
  for (let clicks = 0; clicks < 3; clicks++) await zoomOut.click()
  await expect(step.getByRole('button', { name: /^Mode:/ })).toHaveCount(0)
  await expect(step).toContainText('Classify ticket')
  await expect.poll(async () => (await nameAt())?.pixels).toBeGreaterThanOrEqual(Math.max(legible, close))

  // And back in, everything again.
  for (let clicks = 0; clicks < 3; clicks++) await zoomIn.click()
  await expect(step.getByRole('button', { name: /^Mode:/ })).toBeVisible()
})
