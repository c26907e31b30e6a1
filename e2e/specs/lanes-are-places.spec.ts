import type { Locator } from '@playwright/test'
import { expect, test } from '../fixtures/test'

type Box = { x: number; y: number; width: number; height: number }

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox()
  if (!box) throw new Error(`${locator} is not on screen`)
  return box
}

const within = (inner: Box, outer: Box) =>
  inner.y >= outer.y && inner.y + inner.height <= outer.y + outer.height

const apart = (a: Box, b: Box) => a.y + a.height <= b.y || b.y + b.height <= a.y

test('a node is in the lane whose band it sits in: dragged into a band, chosen in the inspector, renamed lanes', async ({
  page,
  gallery,
  editor,
}) => {
  await gallery.open()
  await gallery.createBlank(`Refunds ${Date.now()}`)
  await editor.waitUntilOpen()
  const approve = await editor.drawNode('step', { x: 320, y: 420 }, 'Approve refund')
  const addLane = editor.toolbar.getByRole('button', { name: 'Add lane' })
  const bands = editor.canvas.locator('.react-flow__node-lane .lane')

  // Renaming a lane starts with its old name selected: typing replaces it.
  await addLane.click()
  await editor.canvas.getByRole('button', { name: /Lane 1/ }).click()
  await page.keyboard.type('Support lead')
  await page.keyboard.press('Enter')
  await expect(editor.canvas.getByRole('button', { name: /Support lead/ })).toBeVisible()
  await expect(editor.canvas.getByRole('button', { name: /Lane 1/ })).toHaveCount(0)

  // Dragged into the band, the node is in that lane.
  const inspector = await editor.openTab('Inspect')
  const lane = inspector.getByRole('combobox', { name: 'Lane' })
  await approve.click()
  await expect(lane.locator('option:checked')).toHaveText('No lane')
  expect(apart(await boxOf(approve), await boxOf(bands.first()))).toBe(true)
  const from = await boxOf(approve)
  const band = await boxOf(bands.first())
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2, band.y + band.height / 2, { steps: 8 })
  await page.mouse.up()
  await expect(lane.locator('option:checked')).toHaveText('Support lead')
  await expect.poll(async () => within(await boxOf(approve), await boxOf(bands.first()))).toBe(true)

  // Chosen in the inspector, the node moves into that lane's band; with no lane, out of all bands.
  await addLane.click()
  await expect(bands).toHaveCount(2)
  await lane.selectOption({ label: 'Lane 2' })
  await expect.poll(async () => within(await boxOf(approve), await boxOf(bands.nth(1)))).toBe(true)
  await lane.selectOption({ label: 'No lane' })
  await expect
    .poll(async () => {
      const node = await boxOf(approve)
      return apart(node, await boxOf(bands.nth(0))) && apart(node, await boxOf(bands.nth(1)))
    })
    .toBe(true)
  await lane.selectOption({ label: 'Support lead' })
  await expect.poll(async () => within(await boxOf(approve), await boxOf(bands.first()))).toBe(true)
})
