import { readFile } from 'node:fs/promises'
import { exampleDocument, fieldLabel as exampleFieldLabel } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

const triage = exampleDocument('it-hr-triage')
const fieldLabel = (nodeId: string, fieldId: string) => exampleFieldLabel(triage, nodeId, fieldId)
const inputLabel = (fieldId: string) => fieldLabel('request-submitted', fieldId)

test('an engineer deploys an example, runs it through the inbox and sees its path on the diagram', async ({
  page,
  gallery,
  editor,
  inbox,
}) => {
  await gallery.open()
  await gallery.useTemplate(triage.name)
  await editor.waitUntilOpen()
  const editorUrl = page.url()
  expect(await editor.deploy()).toBe(1)

  const runs = await editor.openTab('Runs')
  const start = runs.getByRole('form', { name: 'Start instance' })
  await start.getByLabel(inputLabel('requesterEmail')).fill('sam@example.com')
  await start.getByLabel(inputLabel('summary')).fill('Cannot print payslips from home')
  await start.getByLabel(inputLabel('details')).fill('The printer dialog says access denied since Monday.')
  await start.getByLabel(inputLabel('urgency')).selectOption('normal')
  await start.getByRole('button', { name: 'Start instance' }).click()
  const instance = runs.getByRole('region', { name: /^Instance / })
  await expect(instance).toContainText('waiting')
  await instance
    .getByRole('list', { name: 'Steps' })
    .getByRole('button', { name: 'Classify request' })
    .click()
  await expect(editor.node('Classify request')).toContainText('Waiting')

  // The assistant's classification: a person reads why and accepts it.
  await editor.toolbar.getByRole('link', { name: 'Inbox' }).click()
  await inbox.waitUntilOpen()
  const classify = await inbox.openTask('Classify request')
  const suggestion = classify.getByRole('region', { name: "Assistant's suggestion" })
  await expect(suggestion).toContainText('Why:')
  await expect(suggestion).toContainText('confidence')
  await suggestion.getByRole('radio', { name: /^Accept/ }).check()
  await inbox.complete(classify)

  // The routing decision: the person sends it to the service desk.
  const route = await inbox.openTask('Route request')
  await route.getByRole('radio', { name: 'Service desk' }).check()
  await inbox.complete(route)

  // A human step: its form, a field error from the server, then done.
  const resolve = await inbox.openTask('Resolve at the desk')
  await inbox.claim(resolve)
  await resolve.getByRole('button', { name: 'Complete task' }).click()
  const resolution = resolve.getByRole('textbox', { name: fieldLabel('desk-resolve', 'resolution') })
  await expect(resolution).toHaveAttribute('aria-invalid', 'true')
  await resolution.fill('Re-added Sam to the payroll printers group.')
  await inbox.complete(resolve)

  await page.goto(editorUrl)
  await editor.waitUntilOpen()
  const runsAgain = await editor.openTab('Runs')
  await runsAgain.getByRole('list', { name: 'Instances' }).getByRole('button').first().click()
  const steps = runsAgain.getByRole('list', { name: 'Steps' })
  const path = ['Employee submits a request', 'Classify request', 'Route request', 'Resolve at the desk']
  for (const label of path) {
    // Choosing a step in the run's history brings its node into view, where its status shows.
    await steps.getByRole('button', { name: label }).click()
    await expect(editor.node(label)).toContainText('Visited')
  }

  // What the runtime measured lands on the same nodes.
  const metrics = await editor.openTab('Metrics')
  const table = metrics.getByRole('table', { name: 'Metrics per node' })
  await expect(table.getByRole('row', { name: /^Resolve at the desk/ })).toContainText('1 / 1')
  await expect(table.getByRole('row', { name: /^Classify request/ })).toContainText('1 / 1')
  // The last step chosen in the run is still in view.
  await expect(editor.node('Resolve at the desk')).toContainText('1/1 done')

  // The same run downloads as an event log for process mining.
  const downloading = page.waitForEvent('download')
  await metrics.getByRole('link', { name: 'Download event log as OCEL' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/-event-log\.jsonocel$/)
  const log = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    objects: Array<{ type: string }>
    events: Array<{ type: string }>
  }
  expect(log.objects.filter((object) => object.type === 'item')).toHaveLength(1)
  expect(log.events.map((event) => event.type)).toEqual(
    expect.arrayContaining([
      'Item started',
      'Suggestion accepted',
      'Route request decided',
      'Resolve at the desk completed',
    ]),
  )
})
