import { expectNoAxeViolations } from '../fixtures/accessibility'
import { exampleDocument } from '../fixtures/example-document'
import { startOrderOverCreditLimit } from '../fixtures/order-over-credit'
import { expect, test } from '../fixtures/test'

const orderToCash = exampleDocument('order-to-cash')

test('the gallery, every tab of the editor and the inbox pass axe-core', async ({
  page,
  api,
  gallery,
  editor,
  inbox,
}) => {
  // axe-core reads the whole page nine times over, diagrams included: slow on a busy machine.
  test.slow()
  await gallery.open()
  // The first of the rows: each run of this journey adds a copy of the template.
  await expect(gallery.row(orderToCash.name).first()).toBeVisible()
  await expectNoAxeViolations(page, 'the gallery')

  await gallery.useTemplate(orderToCash.name)
  await editor.waitUntilOpen()
  await expectNoAxeViolations(page, 'the editor')
  // A step chosen through the search box, so the inspector shows a whole step and the list of matches is open.
  const search = editor.toolbar.getByRole('searchbox', { name: 'Find a node by name' })
  await search.fill('Review credit')
  await expect(editor.toolbar.getByRole('list', { name: 'Matching nodes' })).toBeVisible()
  await expectNoAxeViolations(page, 'the editor, finding a node')
  await search.press('Enter')
  await expect(editor.sidePanel.getByRole('textbox', { name: 'Name' })).toHaveValue('Review credit')
  const tabs = await editor.sidePanel.getByRole('tab').allTextContents()
  expect(tabs.length).toBeGreaterThanOrEqual(5)
  for (const tab of tabs) {
    await editor.openTab(tab)
    await expectNoAxeViolations(page, `the editor's ${tab} tab`)
  }

  const instanceId = await startOrderOverCreditLimit(api)
  await gallery.open()
  await inbox.open()
  await inbox.openTask('Review credit')
  await expectNoAxeViolations(page, 'the inbox')
  // Leaves no open task behind for the journeys that run after this one on the same server.
  expect((await api.post(`/api/instances/${instanceId}/cancel`)).status()).toBe(200)

  const icon = await api.get('/favicon.ico')
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toBe('image/svg+xml')
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg')
})

test('connection dots, lane names and mode switches are reached and used from the keyboard', async ({
  page,
  gallery,
  editor,
}) => {
  await gallery.open()
  await gallery.createBlank(`Keyboard refunds ${Date.now()}`)
  await editor.waitUntilOpen()
  await editor.toolbar.getByRole('button', { name: 'Add lane' }).click()
  await editor.addNode('trigger', 'Refund asked')
  await editor.addStepAfter('Refund asked', 'Check order')
  await editor.addNode('decision', 'Amount over 100?')
  await editor.addStepAfter('Amount over 100?', 'Approve refund', 'Yes')
  await editor.drawNode('step', { x: 420, y: 560 }, 'Refund at once')

  const laneName = editor.canvas.getByRole('button', { name: /^Lane Lane 1\b/ })
  await laneName.focus()
  await page.keyboard.press('Enter')
  await expect(editor.canvas.getByRole('textbox', { name: /^Lane name/ })).toBeFocused()
  await page.keyboard.press('Escape')

  const modeSwitch = editor.node('Refund at once').getByRole('button', { name: /^Mode: human/ })
  await modeSwitch.focus()
  await page.keyboard.press('Enter')
  await expect(editor.node('Refund at once').getByRole('button', { name: /^Mode: (?!human)/ })).toBeFocused()

  // The decision's "No" dot is a button: Enter opens "Connect to…" from that very branch.
  await editor
    .node('Amount over 100?')
    .getByRole('button', { name: 'Connect Amount over 100? (No) to…' })
    .focus()
  await page.keyboard.press('Enter')
  const connectTo = page.getByRole('dialog', { name: 'Connect Amount over 100? (No) to…' })
  await expect(connectTo).toBeVisible()
  await page.keyboard.type('Refund at')
  await page.keyboard.press('Enter')
  await expect(editor.edge('Amount over 100?', 'Refund at once (No)')).toHaveCount(1)
  // A taken exit's dot is no way out: the "Yes" exit already leads to the approval.
  await editor
    .node('Amount over 100?')
    .getByRole('button', { name: 'Connect Amount over 100? (Yes) to…' })
    .focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('someone whose system asks for reduced motion gets each new view at once, with no glide', async ({
  page,
  api,
  editor,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  const id = `calm-order-to-cash-${Date.now()}`
  const created = await api.post('/api/workflows', { data: { document: { ...orderToCash, id } } })
  expect(created.status(), await created.text()).toBe(201)
  await page.goto(`/workflows/${id}`)
  await editor.waitUntilOpen()
  await editor.findNode('Review credit')
  await expect(editor.sidePanel.getByRole('textbox', { name: 'Name' })).toHaveValue('Review credit')

  // Clicked and watched inside the page: the view as the click ends and two frames later, when
  // a glide would still be on its way, however slow the machine is to report back.
  const views = await editor.toolbar.getByRole('button', { name: 'Fit view' }).evaluate(
    (button: HTMLElement) =>
      new Promise<{ before: string; atClick: string; twoFramesLater: string }>((resolve) => {
        const viewport = document.querySelector('.react-flow__viewport')!
        const view = () => getComputedStyle(viewport).transform
        const before = view()
        button.click()
        const atClick = view()
        requestAnimationFrame(() =>
          requestAnimationFrame(() => resolve({ before, atClick, twoFramesLater: view() })),
        )
      }),
  )
  expect(views.atClick, 'the diagram is fitted as Fit view is clicked').not.toBe(views.before)
  expect(views.twoFramesLater, 'and stays so').toBe(views.atClick)
})
