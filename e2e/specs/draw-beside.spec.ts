import type { Locator } from '@playwright/test'
import { expect, test } from '../fixtures/test'

type Box = { name: string; x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

test('ten nodes added with a node selected each time go beside it, connected, none over another', async ({
  gallery,
  editor,
}) => {
  const stamp = Date.now()
  await gallery.open()
  await gallery.createBlank(`Orders drawn beside ${stamp}`)
  await editor.waitUntilOpen()

  await editor.addNode('trigger', 'Order received')
  // [selected node, kind added, its name, the edge's name from the selected node to it]
  const additions: Array<[string, string, string, string]> = [
    ['Order received', 'step', 'Check order', 'Check order'],
    ['Check order', 'decision', 'In stock?', 'In stock?'],
    ['In stock?', 'step', 'Pack', 'Pack (Yes)'],
    ['In stock?', 'step', 'Reorder', 'Reorder (No)'],
    ['Pack', 'fork (parallel work)', 'Ship and bill', 'Ship and bill'],
    ['Ship and bill', 'step', 'Ship', 'Ship'],
    ['Ship and bill', 'step', 'Bill', 'Bill'],
    ['Ship and bill', 'step', 'Notify', 'Notify'],
    ['Ship', 'join', 'All sent', 'All sent'],
    ['All sent', 'end', 'Done', 'Done'],
  ]
  for (const [selected, kind, name, edgeTo] of additions) {
    await editor.select(editor.node(selected))
    await editor.addNode(kind, name)
    await expect(editor.edge(selected, edgeTo), `${name} follows ${selected}`).toHaveCount(1)
  }

  // Only nodes on screen are drawn: zoom out until all eleven are (fit view stops where names read).
  const zoomOut = editor.canvas.getByRole('button', { name: 'Zoom Out' })
  await expect(async () => {
    if (await zoomOut.isEnabled()) await zoomOut.click()
    await expect(editor.canvas.locator('.react-flow__node')).toHaveCount(11, { timeout: 1_000 })
  }, 'every node is drawn').toPass({ timeout: 20_000 })
  const boxes = await editor.nodeBoxes()
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) expect(overlap(a, b), `${a.name} overlaps ${b.name}`).toBe(false)
  }
})

test('a "+" on a free exit adds the next step there; a line let go of on a node’s box connects, so does a name', async ({
  page,
  gallery,
  editor,
}) => {
  const stamp = Date.now()
  await gallery.open()
  await gallery.createBlank(`Refunds drawn by plus ${stamp}`)
  await editor.waitUntilOpen()

  await editor.addNode('trigger', 'Refund asked')
  await editor.addStepAfter('Refund asked', 'Check order')
  await expect(editor.edge('Refund asked', 'Check order')).toHaveCount(1)
  // The exit is taken now: its "+" is gone.
  await expect(editor.canvas.getByRole('button', { name: 'Add step after Refund asked' })).toHaveCount(0)

  await editor.select(editor.node('Check order'))
  await editor.addNode('decision', 'Amount over 100?')
  const decision = editor.node('Amount over 100?')
  // Each branch is named on the canvas, beside its exit.
  await expect(decision.getByText('Yes', { exact: true })).toBeVisible()
  await expect(decision.getByText('No (default)', { exact: true })).toBeVisible()
  // The "+" is reached by keyboard too.
  await decision.getByRole('button', { name: 'Add step after Amount over 100? (No)' }).focus()
  await page.keyboard.press('Enter')
  await expect(editor.sidePanel.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused()
  await page.keyboard.type('Refund at once')
  await page.keyboard.press('Enter')
  await expect(editor.edge('Amount over 100?', 'Refund at once (No)')).toHaveCount(1)

  // Drawn apart by dropping from the palette, then connected by letting go on the box.
  const approve: Locator = await editor.drawNode('step', { x: 400, y: 420 }, 'Approve refund')
  await editor.connectOntoNode(editor.outputHandle(decision, 'yes'), approve)
  await expect(editor.edge('Amount over 100?', 'Approve refund (Yes)')).toHaveCount(1)

  // Connected by name from the keyboard: Ctrl+K, the name, Enter.
  await editor.drawNode('end', { x: 700, y: 250 }, 'Refunded')
  await editor.select(editor.node('Refund at once'))
  await editor.connectByName('Refunded')
  await expect(editor.edge('Refund at once', 'Refunded')).toHaveCount(1)

  // What may not connect says why, instead of doing nothing.
  const second = await editor.drawNode('trigger', { x: 700, y: 420 }, 'Second trigger')
  await editor.connectOntoNode(editor.outputHandle(approve), second)
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing leads into a trigger' })).toBeVisible()
  await expect(editor.canvas.getByRole('group', { name: /^Edge from Approve refund/ })).toHaveCount(0)
})
