import type { APIRequestContext } from '@playwright/test'
import { openTogether, type Collaborator } from '../fixtures/collaborator'
import { SharedExpression } from '../fixtures/shared-expression'
import { expect, test } from '../fixtures/test'

test.describe.configure({ timeout: 120_000 })

const condition = 'Condition for Within credit limit'
const asWritten = 'amount <= creditLimit'

/** Both open the condition at the same moment (the first time, each makes its shared text). */
async function openTogetherOnCondition(): Promise<[SharedExpression, SharedExpression]> {
  const fields = await Promise.all([
    SharedExpression.open(ann.editor, 'Credit check', condition),
    SharedExpression.open(bob.editor, 'Credit check', condition),
  ])
  // Typing before the shared text is in the editor would type into the text it replaces.
  for (const field of fields) await expect.poll(() => field.text()).toBe(asWritten)
  return fields
}

let ann: Collaborator
let bob: Collaborator
let workflowId: string

test.beforeEach(async ({ browser, api }) => {
  ;({
    workflowId,
    collaborators: [ann, bob],
  } = await openTogether(
    browser,
    api,
    { fromExample: 'order-to-cash', id: `shared-conditions-${Date.now()}` },
    [{ name: 'ann.archer' }, { name: 'bob@baker' }],
  ))
})

test.afterEach(async () => {
  await ann.close()
  await bob.close()
})

async function storedCondition(api: APIRequestContext): Promise<string> {
  const body = (await (await api.get(`/api/workflows/${workflowId}`)).json()) as {
    document: { nodes: Array<{ id: string; data: { branches?: Array<{ id: string; condition?: string }> } }> }
  }
  const node = body.document.nodes.find((entry) => entry.id === 'credit-check')
  return node?.data.branches?.find((branch) => branch.id === 'within-limit')?.condition ?? ''
}

test('two people type in one condition at once, both keep their characters, and see each other’s cursor', async ({
  api,
}) => {
  const [annField, bobField] = await openTogetherOnCondition()
  await bob.page.keyboard.press('Control+Home')

  // At once: Ann appends at the end, Bob prepends at the start, key by key.
  await Promise.all([
    ann.page.keyboard.type(' and vip', { delay: 40 }),
    bob.page.keyboard.type('prepaid or ', { delay: 40 }),
  ])
  const merged = 'prepaid or amount <= creditLimit and vip'
  for (const field of [annField, bobField]) await expect.poll(() => field.text()).toBe(merged)
  await expect.poll(() => storedCondition(api)).toBe(merged)

  // Each sees the other's cursor in the editor, in their colour, with their name.
  await expect.poll(() => bobField.remoteCursorNames()).toEqual(['"ann.archer"'])
  await expect.poll(() => annField.remoteCursorNames()).toEqual(['"bob@baker"'])

  // Ann's undo takes back her typing (a step per burst: under load, keys can come slower than a
  // burst) and never Bob's, for both and in the stored workflow.
  const afterUndo = 'prepaid or amount <= creditLimit'
  const seen: string[] = []
  for (let press = 0; press < 8 && seen.at(-1) !== afterUndo; press++) {
    await ann.page.keyboard.press('Control+z')
    await expect.poll(() => annField.text()).not.toBe(seen.at(-1) ?? merged)
    seen.push(await annField.text())
  }
  expect(seen.at(-1)).toBe(afterUndo)
  for (const text of seen) expect(text.startsWith(afterUndo)).toBe(true)
  await expect.poll(() => bobField.text()).toBe(afterUndo)
  await expect.poll(() => storedCondition(api)).toBe(afterUndo)

  // That was the workflow's undo (Monaco's own knows nothing of Bob): it can be redone, from the
  // toolbar's history as from the keyboard.
  await expect(ann.editor.toolbar.getByRole('button', { name: 'Redo' })).toBeEnabled()
  for (let press = 0; press < seen.length; press++) await ann.page.keyboard.press('Control+Shift+z')
  for (const field of [annField, bobField]) await expect.poll(() => field.text()).toBe(merged)
})

test('someone who types in a condition while offline keeps it, merged with what was typed meanwhile', async ({
  api,
}) => {
  const [annField, bobField] = await openTogetherOnCondition()
  await ann.context.setOffline(true)
  await expect(ann.connection(/^Collaboration: Offline/)).toBeVisible()
  await ann.page.keyboard.type(' and vip', { delay: 20 })
  await bob.page.keyboard.press('Control+Home')
  await bob.page.keyboard.type('prepaid or ', { delay: 20 })
  await expect.poll(() => bobField.text()).toBe('prepaid or amount <= creditLimit')
  await expect.poll(() => annField.text()).toBe('amount <= creditLimit and vip')

  await ann.context.setOffline(false)
  await expect(ann.connection('Live')).toBeVisible()
  const merged = 'prepaid or amount <= creditLimit and vip'
  for (const field of [annField, bobField]) await expect.poll(() => field.text()).toBe(merged)
  await expect.poll(() => storedCondition(api)).toBe(merged)
})
