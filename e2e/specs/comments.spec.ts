import { openTogether, type Collaborator } from '../fixtures/collaborator'
import { NodeComments } from '../fixtures/node-comments'
import { expect, test } from '../fixtures/test'

test.describe.configure({ timeout: 120_000 })

let ann: Collaborator
let bob: Collaborator

test.beforeEach(async ({ browser, api }) => {
  ;({
    collaborators: [ann, bob],
  } = await openTogether(browser, api, { name: `Claims comments ${Date.now()}` }, [
    { name: 'ann.archer' },
    { name: 'bob@baker' },
  ]))
})

test.afterEach(async () => {
  await ann.close()
  await bob.close()
})

test('a comment on a node shows as a badge for everyone at once, is answered, and resolving clears it', async () => {
  await ann.editor.drawNode('step', { x: 360, y: 200 }, 'Review claim')
  await expect(bob.editor.node('Review claim')).toBeVisible()
  const annSees = new NodeComments(ann.editor, 'Review claim')
  const bobSees = new NodeComments(bob.editor, 'Review claim')
  await expect(annSees.badge).toHaveCount(0)

  // Ann asks; Bob's canvas shows the badge without him doing anything.
  const annPanel = await annSees.open()
  await annSees.add(annPanel, 'Who signs off claims above 5,000?')
  await expect(annSees.badge).toHaveText('1 open comment')
  await expect(bobSees.badge).toHaveText('1 open comment')

  // Bob reads it, answers, and raises a second point: both count two open threads.
  const bobPanel = await bobSees.open()
  const bobsView = bobSees.thread(bobPanel, 'ann.archer')
  await expect(bobsView).toContainText('Who signs off claims above 5,000?')
  await bobSees.reply(bobsView, 'The finance lead does.')
  await bobSees.add(bobPanel, 'Should the step have a deadline?')
  for (const person of [annSees, bobSees]) await expect(person.badge).toHaveText('2 open comments')
  const annsView = annSees.thread(annPanel, 'ann.archer')
  await expect(annsView).toContainText('bob@baker')
  await expect(annsView).toContainText('The finance lead does.')

  // Resolving takes each thread off both badges, whoever resolves it.
  await annsView.getByRole('button', { name: 'Resolve' }).click()
  for (const person of [annSees, bobSees]) await expect(person.badge).toHaveText('1 open comment')
  await expect(bobSees.thread(bobPanel, 'ann.archer')).toContainText('Resolved')
  await bobSees.thread(bobPanel, 'bob@baker').getByRole('button', { name: 'Resolve' }).click()
  for (const person of [annSees, bobSees]) await expect(person.badge).toHaveCount(0)
  await expect(annSees.thread(annPanel, 'bob@baker')).toContainText('Resolved')
})

test('threads on a node someone deleted stay readable and can still be answered and resolved', async () => {
  await ann.editor.drawNode('step', { x: 360, y: 200 }, 'Scan receipts')
  const annSees = new NodeComments(ann.editor, 'Scan receipts')
  await annSees.add(await annSees.open(), 'Can the supplier send these as PDFs?')
  await expect(bob.editor.node('Scan receipts').getByText('1 open comment')).toBeVisible()

  await bob.editor.node('Scan receipts').click()
  await bob.page.keyboard.press('Delete')
  await expect(ann.editor.node('Scan receipts')).toHaveCount(0)

  const annRemoved = (await ann.editor.openTab('Comments')).getByRole('region', { name: 'On removed nodes' })
  const thread = annSees.thread(annRemoved, 'ann.archer')
  await expect(thread).toContainText('Left on “Scan receipts”, since deleted')
  await expect(thread).toContainText('Can the supplier send these as PDFs?')
  await annSees.reply(thread, 'Step removed: they send PDFs now.')
  await thread.getByRole('button', { name: 'Resolve' }).click()
  await expect(annRemoved).toContainText('Every thread left on a deleted node is resolved.')

  const bobRemoved = (await bob.editor.openTab('Comments')).getByRole('region', { name: 'On removed nodes' })
  await bobRemoved.getByText('1 resolved thread').click()
  await expect(annSees.thread(bobRemoved, 'ann.archer')).toContainText('Step removed: they send PDFs now.')
})
