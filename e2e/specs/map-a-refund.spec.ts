import { CountedHand } from '../fixtures/counted-hand'
import { expect, test } from '../fixtures/test'

type Box = { name: string; x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

/** Most a manager may spend mapping the eight-node refund workflow; it took 177 before drawing followed the hand. */
const actionBudget = 60

test('a manager maps a customer refund request on a blank canvas to a complete map within the action budget', async ({
  page,
  gallery,
  editor,
}) => {
  const hand = new CountedHand(page)
  const nameField = editor.sidePanel.getByRole('textbox', { name: 'Name', exact: true })
  const plus = (label: string) =>
    editor.canvas.getByRole('button', { name: `Add step after ${label}`, exact: true })
  const paletteAdd = (kind: string) => editor.palette.getByRole('button', { name: `Add ${kind}` })
  /** A new node's name takes the keyboard with its default selected: the manager just types it. */
  const nameIt = async (name: string) => {
    await expect(nameField).toBeFocused()
    await hand.type(name)
    await hand.press('Enter')
    await expect(editor.node(name)).toBeVisible()
  }
  const mode = (name: RegExp) => editor.sidePanel.getByRole('radio', { name })
  const lane = editor.sidePanel.getByRole('combobox', { name: 'Lane' })

  await gallery.open()
  await hand.fill(page.getByRole('textbox', { name: 'Name' }), `Customer refund request ${Date.now()}`)
  await hand.click(page.getByRole('button', { name: 'Create blank workflow' }))
  await editor.waitUntilOpen()

  // Who does the work first: the support lead's lane.
  await hand.click(editor.toolbar.getByRole('button', { name: 'Add lane' }))
  await hand.click(editor.canvas.getByRole('button', { name: /^Lane Lane 1\b/ }))
  await hand.type('Support lead')
  await hand.press('Enter')
  await expect(editor.canvas.getByRole('button', { name: /^Lane Support lead\b/ })).toBeVisible()

  await hand.click(paletteAdd('trigger'))
  await nameIt('Refund requested')

  await hand.click(plus('Refund requested'))
  await nameIt('Check order')
  await hand.check(mode(/^Automate/))

  await hand.click(paletteAdd('decision'))
  await nameIt('Amount over 100?')

  // Small refunds need no approval: the reply is drafted at once.
  await hand.click(plus('Amount over 100? (No)'))
  await nameIt('Draft reply')
  await hand.check(mode(/^Augment/))
  await hand.choose(lane, 'Support lead')

  await hand.click(plus('Amount over 100? (Yes)'))
  await nameIt('Approve refund')
  await hand.choose(lane, 'Support lead')
  // Moved into the band, it may leave the view: the manager fits the view to see both ends.
  await hand.click(editor.toolbar.getByRole('button', { name: 'Fit view' }))
  await hand.drag(editor.outputHandle(editor.node('Approve refund')), editor.node('Draft reply'))
  await expect(editor.edge('Approve refund', 'Draft reply')).toHaveCount(1)

  await hand.click(editor.node('Draft reply'))
  await hand.click(paletteAdd('end'))
  await nameIt('Refund settled')

  // Paying the approved refund can fail: someone calls the customer.
  await hand.click(editor.node('Approve refund'))
  await hand.click(paletteAdd('exception'))
  await nameIt('Payment failed')
  await expect(
    editor.canvas.getByRole('img', { name: 'Payment failed handles failures of Approve refund' }),
  ).toHaveCount(1)
  await hand.click(paletteAdd('step'))
  await nameIt('Call the customer')
  await hand.choose(lane, 'Support lead')
  await hand.drag(editor.outputHandle(editor.node('Call the customer')), editor.node('Refund settled'))
  await expect(editor.edge('Call the customer', 'Refund settled')).toHaveCount(1)

  await editor.toolbar.getByRole('button', { name: 'Fit view' }).click()
  for (const [from, to] of [
    ['Refund requested', 'Check order'],
    ['Check order', 'Amount over 100?'],
    ['Amount over 100?', 'Approve refund (Yes)'],
    ['Amount over 100?', 'Draft reply (No)'],
    ['Draft reply', 'Refund settled'],
  ] as const) {
    await expect(editor.edge(from, to)).toHaveCount(1)
  }
  await expect(editor.toolbar.getByRole('status', { name: 'Readiness' })).toHaveText(/^Map complete/)

  console.log(`Mapping the refund workflow took ${hand.actions} actions (budget ${actionBudget}).`)
  expect(hand.actions).toBeLessThanOrEqual(actionBudget)

  await expect(editor.canvas.locator('.react-flow__node:not(.react-flow__node-lane)')).toHaveCount(8)
  const boxes = await editor.nodeBoxes()
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) expect(overlap(a, b), `${a.name} overlaps ${b.name}`).toBe(false)
  }
})
