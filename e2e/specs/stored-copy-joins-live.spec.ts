import type { APIRequestContext, WebSocketRoute } from '@playwright/test'
import { Collaborator, openTogether } from '../fixtures/collaborator'
import { expect, test } from '../fixtures/test'

test.describe.configure({ timeout: 120_000 })

/** The names of the stored workflow's nodes, sorted. */
async function storedNamesOf(api: APIRequestContext, workflowId: string): Promise<Array<string | undefined>> {
  const { document } = (await (await api.get(`/api/workflows/${workflowId}`)).json()) as {
    document: { nodes: Array<{ data: { label?: string } }> }
  }
  return document.nodes.map((node) => node.data.label).sort()
}

test('an editor whose live connection is late edits the stored copy, then joins it without reverting anyone', async ({
  browser,
  api,
}) => {
  const {
    workflowId,
    collaborators: [bob],
  } = await openTogether(browser, api, { name: `Late orders ${Date.now()}` }, [{ name: 'bob.live' }])
  await bob.editor.drawNode('trigger', { x: 120, y: 100 }, 'Order received')
  await bob.editor.drawNode('step', { x: 380, y: 100 }, 'Check stock')
  const storedNames = () => storedNamesOf(api, workflowId)
  await expect.poll(storedNames).toEqual(['Check stock', 'Order received'])

  // Ann's live connection hangs (a proxy holding it) until released; her REST calls go through.
  const ann = await Collaborator.signIn(browser, api, 'ann.late')
  const held: WebSocketRoute[] = []
  let released = false
  await ann.context.routeWebSocket(/\/collab\//, (socket) => {
    if (released) return void socket.connectToServer()
    socket.onMessage(() => {})
    held.push(socket)
  })
  await ann.open(workflowId)
  await expect(ann.connection(/^Collaboration: Connecting/)).toBeVisible()
  await expect(ann.editor.node('Check stock')).toBeVisible()

  // Both edit different nodes: Bob live, Ann her stored copy (saved by PUT, on its revision).
  await bob.editor.node('Check stock').click()
  await bob.editor.rename('Check stock (Bob)')
  await expect.poll(storedNames).toEqual(['Check stock (Bob)', 'Order received'])
  await ann.editor.node('Order received').click()
  await ann.editor.rename('Order received (Ann)')
  const both = ['Check stock (Bob)', 'Order received (Ann)']
  await expect.poll(storedNames).toEqual(both)
  expect(ann.savesByPut.length).toBeGreaterThan(0)

  released = true
  for (const socket of held) await socket.close({ code: 1011, reason: 'released' })
  await expect(ann.connection('Live')).toBeVisible({ timeout: 15_000 })
  // Her page started afresh on the live document, still showing the node she had selected.
  await expect(ann.editor.sidePanel.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(
    'Order received (Ann)',
  )
  for (const person of [ann, bob])
    for (const name of both) await expect(person.editor.node(name)).toBeVisible()
  expect(await storedNames()).toEqual(both)

  // Ann's page now edits the live document: Bob sees her next edit as she makes it.
  const putsBefore = ann.savesByPut.length
  await ann.editor.node('Check stock (Bob)').click()
  await ann.editor.rename('Check stock (Bob and Ann)')
  await expect(bob.editor.node('Check stock (Bob and Ann)')).toBeVisible()
  expect(ann.savesByPut.length).toBe(putsBefore)
  await ann.close()
  await bob.close()
})

test('an editor whose live connection hangs on reopening saves the copy kept in the browser on the revision it last matched, keeping what was saved since', async ({
  browser,
  api,
}) => {
  const {
    workflowId,
    collaborators: [bob, ann],
  } = await openTogether(browser, api, { name: `Kept orders ${Date.now()}` }, [
    { name: 'bob.live' },
    { name: 'ann.returning' },
  ])
  await bob.editor.drawNode('trigger', { x: 120, y: 100 }, 'Order received')
  await bob.editor.drawNode('step', { x: 380, y: 100 }, 'Check stock')
  await expect(ann.editor.node('Check stock')).toBeVisible()
  await expect.poll(() => storedNamesOf(api, workflowId)).toEqual(['Check stock', 'Order received'])

  // Ann leaves; Bob edits on; Ann comes back through a proxy that holds her live connection.
  await ann.page.goto('/')
  await ann.context.routeWebSocket(/\/collab\//, (socket) => socket.onMessage(() => {}))
  await bob.editor.node('Check stock').click()
  await bob.editor.rename('Check stock (Bob)')
  await expect.poll(() => storedNamesOf(api, workflowId)).toEqual(['Check stock (Bob)', 'Order received'])
  await ann.open(workflowId)
  await expect(ann.connection(/^Collaboration: Connecting/)).toBeVisible()
  await expect(ann.editor.node('Check stock')).toBeVisible()

  await ann.editor.node('Order received').click()
  await ann.editor.rename('Order received (Ann)')
  const both = ['Check stock (Bob)', 'Order received (Ann)']
  await expect.poll(() => storedNamesOf(api, workflowId)).toEqual(both)
  for (const person of [ann, bob])
    for (const name of both) await expect(person.editor.node(name)).toBeVisible()
  await ann.close()
  await bob.close()
})
