import { SharedExpression } from '../fixtures/shared-expression'
import { expect, test } from '../fixtures/test'

test('a manager draws a workflow with the mouse, completes the map, sets up what it needs to run, and it compiles', async ({
  page,
  gallery,
  editor,
}) => {
  // A name of its own on every run, so the journey can repeat against one runtime.
  const stamp = Date.now()
  await gallery.open()
  await gallery.createBlank(`Expense claims ${stamp}`)
  await editor.waitUntilOpen()

  const trigger = await editor.drawNode('trigger', { x: 110, y: 90 }, 'Claim submitted')
  const review = await editor.drawNode('step', { x: 340, y: 90 }, 'Review claim')
  const decision = await editor.drawNode('decision', { x: 570, y: 90 }, 'Approved?')
  const payOut = await editor.drawNode('step', { x: 570, y: 300 }, 'Pay out')
  const inspector = await editor.openTab('Inspect')
  await inspector.getByRole('radio', { name: /^Automate/ }).check()
  await inspector.getByRole('combobox', { name: 'Connector' }).selectOption({ label: 'Transform the data' })
  await expect(payOut).toHaveAccessibleName(/\(automate\)/)
  await expect(review).toHaveAccessibleName(/\(human\)/)
  const done = await editor.drawNode('end', { x: 690, y: 200 }, 'Done')
  await editor.drawException(payOut, { x: 570, y: 470 })
  await editor.rename('Payment failed')
  const failed = editor.node('Payment failed')

  await editor.connect(editor.outputHandle(trigger), review)
  await editor.connect(editor.outputHandle(review), decision)
  await editor.connect(editor.outputHandle(decision, 'yes'), payOut)
  await editor.connect(editor.outputHandle(decision, 'no'), done)
  await editor.connect(editor.outputHandle(payOut), done)
  await editor.connect(editor.outputHandle(failed), done)
  for (const [from, to] of [
    ['Claim submitted', 'Review claim'],
    ['Review claim', 'Approved?'],
    ['Approved?', 'Pay out (Yes)'],
    ['Approved?', 'Done (No)'],
    ['Pay out', 'Done'],
    ['Payment failed', 'Done'],
  ]) {
    await expect(editor.edge(from!, to!)).toHaveCount(1)
  }

  // The server refuses to deploy it and says why; its finding leads to the node.
  await editor.toolbar.getByRole('button', { name: 'Deploy' }).click()
  const refusal = editor.toolbar.getByRole('alert').filter({ hasText: 'Not deployed' })
  await refusal.getByRole('button', { name: /Review claim.*in no lane/ }).click()
  await expect(review).toHaveClass(/selected/)
  await editor.toolbar.getByRole('button', { name: 'Dismiss' }).click()

  // The editor points at the same thing: nobody would get the review, so the map is not complete.
  const readiness = editor.toolbar.getByRole('status', { name: 'Readiness' })
  await expect(readiness).toHaveText('1 problem on the map')
  const problems = await editor.openTab(/^Problems/)
  await expect(problems.getByRole('status')).toHaveText('1 problem on the map')
  const onTheMap = problems.getByRole('region', { name: /^Map/ })
  await onTheMap.getByRole('button', { name: /Review claim.*in no lane/ }).click()
  await expect(review).toHaveClass(/selected/)
  await editor.toolbar.getByRole('button', { name: 'Add lane' }).click()
  const inspectReview = await editor.openTab('Inspect')
  await inspectReview.getByRole('combobox', { name: 'Lane' }).selectOption({ label: 'Lane 1' })

  // The map is complete; what is left before it can run is listed apart, leading to its node.
  await expect(readiness).toHaveText('Map complete · 1 thing to set up')
  const toSetUp = (await editor.openTab(/^Problems/)).getByRole('region', {
    name: /^To set up before it runs/,
  })
  await toSetUp.getByRole('button', { name: /Branch "Yes" of decision "Approved\?"/ }).click()
  await expect(decision).toHaveClass(/selected/)
  // No field to build a rule from yet: the condition is written as JSONata, under Advanced.
  const inspectDecision = await editor.openTab('Inspect')
  await inspectDecision.getByRole('button', { name: 'Advanced: Condition for Yes' }).click()
  await SharedExpression.open(editor, 'Approved?', 'Condition for Yes')
  await page.keyboard.type('amount < 500')
  await expect(readiness).toHaveText('Map complete · ready to run')

  const compiled = await editor.openTab('Compiled')
  await expect(compiled.getByRole('group', { name: 'Compiled view' })).toBeVisible()
  await expect(editor.toolbar.getByRole('status').filter({ hasText: /changes|Saving|saved/ })).toHaveText(
    'All changes saved',
  )
  expect(await editor.deploy()).toBe(1)
  await expect(page).toHaveURL(new RegExp(`/workflows/expense-claims-${stamp}$`))
})
