import { openTogether, type Collaborator } from '../fixtures/collaborator'
import { expect, test } from '../fixtures/test'

test.describe.configure({ timeout: 120_000 })

let ann: Collaborator
let bob: Collaborator
let workflowId: string

test.beforeEach(async ({ browser, api }) => {
  ;({
    workflowId,
    collaborators: [ann, bob],
  } = await openTogether(browser, api, { name: `Shared claims ${Date.now()}` }, [
    { name: 'ann.archer' },
    { name: 'bob@baker' },
  ]))
})

test.afterEach(async () => {
  await ann.close()
  await bob.close()
})

test('two people edit one workflow at once and end with the same diagram, seeing each other', async ({
  api,
}) => {
  // Each sees the other, by name, as text.
  await expect(ann.others.getByText('bob@baker')).toBeAttached()
  await expect(bob.others.getByText('ann.archer')).toBeAttached()

  // Both add a node at the same time.
  await Promise.all([
    ann.editor.drawNode('trigger', { x: 120, y: 100 }, 'Claim submitted'),
    bob.editor.drawNode('step', { x: 380, y: 100 }, 'Review claim'),
  ])
  for (const person of [ann, bob]) {
    await expect(person.editor.node('Claim submitted')).toBeVisible()
    await expect(person.editor.node('Review claim')).toBeVisible()
  }

  // Ann's selection and pointer show on Bob's canvas.
  await ann.editor.node('Claim submitted').click()
  await expect(bob.editor.node('Claim submitted').getByText('Selected by ann.archer')).toBeVisible()
  await expect(bob.page.locator('.peer-cursor[data-peer="ann.archer"]')).toBeVisible()

  // At once: Ann connects the two while Bob adds an end and renames his step. Ann holds on to the
  // step itself, not its name: Bob's rename may reach her before or during her drag.
  const review = await ann.editor.pin(ann.editor.node('Review claim'))
  await Promise.all([
    ann.editor.connect(ann.editor.outputHandle(ann.editor.node('Claim submitted')), review),
    (async () => {
      await bob.editor.drawNode('end', { x: 620, y: 100 }, 'Scratch')
      await bob.editor.node('Review claim').click()
      await bob.editor.rename('Review expense')
    })(),
  ])
  await expect(bob.editor.edge('Claim submitted', 'Review expense')).toHaveCount(1)
  await expect(ann.editor.edge('Claim submitted', 'Review expense')).toHaveCount(1)

  // Bob moves Ann's trigger while Ann deletes Bob's end node.
  const trigger = await bob.editor.node('Claim submitted').boundingBox()
  await Promise.all([
    (async () => {
      await bob.page.mouse.move(trigger!.x + trigger!.width / 2, trigger!.y + trigger!.height / 2)
      await bob.page.mouse.down()
      await bob.page.mouse.move(trigger!.x + trigger!.width / 2, trigger!.y + 220, { steps: 10 })
      await bob.page.mouse.up()
    })(),
    (async () => {
      await ann.editor.node('Scratch').click()
      await ann.page.keyboard.press('Delete')
    })(),
  ])
  for (const person of [ann, bob]) await expect(person.editor.node('Scratch')).toHaveCount(0)

  await ann.expectSameDiagramAs(bob)

  // The stored workflow follows the live one.
  await expect
    .poll(async () => {
      const body = (await (await api.get(`/api/workflows/${workflowId}`)).json()) as {
        document: { nodes: Array<{ data: { label: string } }> }
      }
      return body.document.nodes.map((node) => node.data.label).sort()
    })
    .toEqual(['Claim submitted', 'Review expense'])
  // Connected, the live document is what the runtime stores: nobody saved with PUT.
  expect([...ann.savesByPut, ...bob.savesByPut]).toEqual([])
})

test('someone who goes offline keeps editing, and both converge when they are back', async () => {
  await ann.editor.drawNode('step', { x: 200, y: 100 }, 'Check receipt')
  await expect(bob.editor.node('Check receipt')).toBeVisible()

  await ann.context.setOffline(true)
  await expect(ann.connection(/^Collaboration: Offline/)).toBeVisible()
  await ann.editor.node('Check receipt').click()
  await ann.editor.rename('Check receipt offline')
  await expect(ann.connection(/^Collaboration: Offline, \d+ edits? pending$/)).toBeVisible()
  await bob.editor.drawNode('end', { x: 520, y: 100 }, 'Paid')
  await expect(bob.editor.node('Check receipt offline')).toHaveCount(0)

  await ann.context.setOffline(false)
  await expect(ann.connection('Live')).toBeVisible()
  for (const person of [ann, bob]) {
    await expect(person.editor.node('Check receipt offline')).toHaveCount(1)
    await expect(person.editor.node('Paid')).toHaveCount(1)
  }
  await ann.expectSameDiagramAs(bob)
})
