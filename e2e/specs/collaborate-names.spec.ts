import type { APIRequestContext, Locator } from '@playwright/test'
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
  } = await openTogether(browser, api, { fromExample: 'order-to-cash', id: `shared-names-${Date.now()}` }, [
    { name: 'ann.archer' },
    { name: 'bob@baker' },
  ]))
})

test.afterEach(async () => {
  await ann.close()
  await bob.close()
})

/** Selects the node and returns its inspector's Name field. */
async function nameField(person: Collaborator, nodeLabel: string): Promise<Locator> {
  await person.editor.node(nodeLabel).click()
  const inspector = await person.editor.openTab('Inspect')
  const field = inspector.getByRole('textbox', { name: 'Name', exact: true })
  await expect(field).toHaveValue(nodeLabel)
  return field
}

async function storedName(api: APIRequestContext, nodeId: string): Promise<string | undefined> {
  const body = (await (await api.get(`/api/workflows/${workflowId}`)).json()) as {
    document: { nodes: Array<{ id: string; data: { label: string } }> }
  }
  return body.document.nodes.find((node) => node.id === nodeId)?.data.label
}

test('two people type in one node name at once: both keep their characters, on both pages and stored', async ({
  api,
}) => {
  const annName = await nameField(ann, 'Review credit')
  const bobName = await nameField(bob, 'Review credit')

  // Ann's first words reach Bob's field: both now type into the same shared text.
  await annName.press('End')
  await annName.pressSequentially(' limit')
  await expect(bobName).toHaveValue('Review credit limit')

  // At once, key by key: Ann at the start, Bob at the end.
  await annName.press('Home')
  await bobName.press('End')
  await Promise.all([
    annName.pressSequentially('Urgent: ', { delay: 40 }),
    bobName.pressSequentially(' today', { delay: 40 }),
  ])
  const merged = 'Urgent: Review credit limit today'
  for (const field of [annName, bobName]) await expect(field).toHaveValue(merged)
  for (const person of [ann, bob]) await expect(person.editor.node(merged)).toBeVisible()
  await expect.poll(() => storedName(api, 'review-credit')).toBe(merged)

  // Ctrl+Z in Ann's field takes back her typing in it (a step per burst: under load, keys can come
  // slower than a burst, so at most one per key), never Bob's, for both and in the stored workflow.
  const afterUndo = 'Review credit today'
  const annKeys = ' limit'.length + 'Urgent: '.length
  const seen: string[] = []
  for (let press = 0; press < annKeys && seen.at(-1) !== afterUndo; press++) {
    await annName.press('Control+z')
    await expect(annName).not.toHaveValue(seen.at(-1) ?? merged)
    seen.push(await annName.inputValue())
  }
  expect(seen.at(-1), `Ann's field after each Ctrl+Z: ${JSON.stringify(seen)}`).toBe(afterUndo)
  for (const text of seen) expect(text.endsWith(' today')).toBe(true)
  await expect(bobName).toHaveValue(afterUndo)
  await expect.poll(() => storedName(api, 'review-credit')).toBe(afterUndo)
})
