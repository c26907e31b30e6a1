import { exampleDocument } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

test('a process owner doubles the volume in "What if" and sees the verdict and the bottleneck lane marked', async ({
  page,
  gallery,
  editor,
}) => {
  const example = exampleDocument('ticket-to-resolution')
  await gallery.open()
  await gallery.useTemplate(example.name)
  await editor.waitUntilOpen()

  const whatIf = await editor.openTab('What if')
  const volume = whatIf.getByRole('spinbutton', { name: "Volume (times today's)" })

  // A scenario the simulator cannot run is refused, naming the field at fault.
  await volume.fill('0')
  await whatIf.getByRole('button', { name: 'Run' }).click()
  await expect(whatIf.getByRole('list', { name: 'Problems with the scenario' })).toContainText(
    'Volume: must be more than 0',
  )

  await volume.fill('2')
  const asked = Date.now()
  await whatIf.getByRole('button', { name: 'Run' }).click()
  // Two runs of 20,000 items and the search for where the picture turns, in the worker.
  const verdict = whatIf.getByRole('region', { name: 'Verdict' })
  await expect(verdict).toContainText('Tier 2 specialists stays the bottleneck at ×2 volume', {
    timeout: 30_000,
  })
  console.log(
    `what if ×2 (two runs of 20,000 items and the volume search) answered in ${Date.now() - asked} ms`,
  )
  await expect(whatIf.getByRole('table', { name: 'Lanes, today and in this scenario' })).toContainText(
    'Tier 2 specialists (bottleneck)',
  )
  await expect(whatIf.getByRole('list', { name: 'Assumptions' })).toContainText('is not known')

  // The mark lies on the lane's band: beside the lane's name, pinned at the canvas edge.
  const mark = page.getByRole('note', { name: 'Bottleneck: Tier 2 specialists' })
  await expect(mark).toBeVisible()
  const laneName = page.getByRole('button', { name: /^Lane Tier 2 specialists/ })
  await expect(async () => {
    const band = await mark.boundingBox()
    const label = await laneName.boundingBox()
    expect(band && label).toBeTruthy()
    const middle = label!.y + label!.height / 2
    expect(middle).toBeGreaterThan(band!.y)
    expect(middle).toBeLessThan(band!.y + band!.height)
  }).toPass()
})

test('a process owner simulates with the last days of runs and reads which figures came from runs and which from the facts', async ({
  gallery,
  editor,
}) => {
  const example = exampleDocument('ticket-to-resolution')
  await gallery.open()
  await gallery.useTemplate(example.name)
  await editor.waitUntilOpen()

  const whatIf = await editor.openTab('What if')
  const days = whatIf.getByRole('spinbutton', { name: 'Days of runs' })
  await expect(days).toBeDisabled()
  await whatIf
    .getByRole('checkbox', { name: 'Use the last days of runs in place of the typed-in facts' })
    .check()
  await days.fill('0')
  await whatIf.getByRole('button', { name: 'Run' }).click()
  await expect(whatIf.getByRole('alert')).toHaveText('Days of runs: give a whole number from 1 to 366.')

  await days.fill('14')
  await whatIf.getByRole('button', { name: 'Run' }).click()
  const sources = whatIf.getByRole('region', { name: 'Where the figures come from' })
  await expect(sources).toContainText('0 items started in the last 14 days', { timeout: 30_000 })
  // A new workflow has no runs: every figure keeps what its facts say, and says so.
  const fromFacts = sources.getByRole('list', { name: 'Figures from the typed-in facts' })
  await expect(fromFacts).toContainText('Items arriving: from the typed-in facts, as runs showed only 0.')
  await expect(fromFacts).toContainText('Time “Investigate” takes: from the typed-in facts')
  await expect(sources.getByRole('list', { name: 'Figures from runs' })).toHaveCount(0)
  await expect(whatIf.getByRole('region', { name: 'Verdict' })).toContainText('Tier 2 specialists')
})
