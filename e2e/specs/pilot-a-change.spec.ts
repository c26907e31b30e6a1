import { workflowBuilders as b } from '@conveyor/shared'
import { expect, test } from '../fixtures/test'

/** The smallest workflow that runs by itself: each item it starts ends at once. */
const quick = b.workflow([b.trigger('start'), b.end('done')], [b.edge('start', 'done')], {
  id: 'pilot-journey',
  name: 'Pilot journey',
})

test('an owner starts a pilot on half the new items, items run, and reads the comparison with the current version', async ({
  api,
  page,
  editor,
}) => {
  expect((await api.post('/api/workflows', { data: { document: quick } })).status()).toBe(201)
  expect((await api.post('/api/workflows/pilot-journey/deployments')).status()).toBe(201)
  await page.goto('/workflows/pilot-journey')
  await editor.waitUntilOpen()

  const deploys = await editor.openTab('Deploys')
  const form = deploys.getByRole('form', { name: 'Start a pilot' })
  await form.getByLabel('Share of new items (%)').fill('50')
  await form.getByLabel('Errors at most (%)').fill('10')
  await form.getByLabel('Pilot items before a rollback can happen').fill('1')
  await form.getByRole('button', { name: 'Start pilot' }).click()
  await expect(deploys.getByRole('status')).toHaveText('Pilot of version 2 started')

  for (let n = 0; n < 20; n++) {
    expect(
      (await api.post('/api/workflows/pilot-journey/instances', { data: { input: { n } } })).status(),
    ).toBe(201)
  }
  const pilot = deploys.getByRole('article', { name: 'Pilot of version 2 on 50% of new items' })
  await expect(pilot).toContainText('Running')
  const errors = pilot
    .getByRole('table', { name: 'Guardrails of version 2' })
    .getByRole('row', { name: /^Errors/ })
  // Both columns fill as items end: every one of the 20 went to one version or the other.
  await expect
    .poll(async () => {
      const cells = await errors.getByRole('cell').allTextContents()
      return cells.slice(0, 2).reduce((sum, cell) => sum + Number(/\((\d+) items\)/.exec(cell)?.[1] ?? 0), 0)
    })
    .toBe(20)
  await expect(errors.getByRole('cell')).toHaveText([
    /^0% \(\d+ items\)$/,
    /^0% \(\d+ items\)$/,
    'Within the limit of 10%',
  ])

  await pilot.getByRole('button', { name: 'Promote version 2 to every new item' }).click()
  await expect(pilot).toContainText('Promoted')
})
