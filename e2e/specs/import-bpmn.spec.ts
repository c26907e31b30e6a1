import { readFileSync } from 'node:fs'
import { expect, test } from '../fixtures/test'

/** A file Camunda Modeler wrote: three lanes, a subprocess, a merging gateway and two FEEL conditions. */
const camundaClaims = readFileSync(
  new URL('../../shared/src/bpmn/testing/camunda-claims.bpmn', import.meta.url),
  'utf8',
)

test('a BPMN file from another modeler becomes a workflow, with a report of what did not come over as it was', async ({
  page,
  gallery,
  editor,
}) => {
  await gallery.open()
  const empty =
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"/>'
  await gallery.importFile('empty.bpmn', empty)
  const refusal = page.getByRole('alert')
  await expect(refusal).toContainText('The file was not imported')
  await expect(refusal).toContainText('The BPMN file has no process with events, tasks or gateways to import')

  await gallery.importFile('claims.bpmn', camundaClaims)
  const report = page.getByRole('region', { name: 'Imported “Claims handling”' })
  await expect(report).toContainText('Written by Camunda Modeler. 4 elements did not come over')
  const notes = report.getByRole('list', { name: 'Import notes' }).getByRole('listitem')
  await expect(notes).toHaveCount(4)
  await expect(notes.first()).toContainText(
    'Activity_Assess (Assess damage) approximated: A subprocess became one human step',
  )
  await expect(notes.nth(1)).toContainText('Gateway_Merge')
  await expect(notes.nth(1)).toContainText('left out')
  await expect(refusal).toHaveCount(0)

  await report.getByRole('link', { name: 'Open Claims handling' }).click()
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/)
  for (const lane of ['Customer service', 'Claims system', 'Claims adjuster'])
    await expect(editor.canvas.getByRole('button', { name: new RegExp(`^Lane ${lane}\\b`) })).toBeVisible()

  // Once the report is gone, what it said about the nodes is still among the workflow's problems.
  let problems = await editor.openTab(/^Problems/)
  const condition = problems.getByRole('button', {
    name: /"Claim amount\?" \(Gateway_Amount\), as imported: Condition kept as written, to check: \$\{amount > 1000\}/,
  })
  await expect(condition).toContainText('Conveyor reads conditions as JSONata')
  const subprocess = problems.getByRole('button', {
    name: /"Assess damage" \(Activity_Assess\), as imported: A subprocess became one human step/,
  })
  await expect(subprocess).toBeVisible()
  await subprocess.click()
  await expect(editor.node('Assess damage')).toHaveClass(/\bselected\b/)

  // Checked against the original, it is marked so in the step's inspector, and leaves the list.
  const inspector = await editor.openTab('Inspect')
  const toCheck = inspector.getByRole('region', { name: 'To check since the import' })
  await expect(toCheck).toContainText('A subprocess became one human step')
  await toCheck.getByRole('button', { name: 'Mark as checked' }).click()
  await expect(toCheck).toHaveCount(0)
  problems = await editor.openTab(/^Problems/)
  await expect(
    problems.getByRole('button', { name: /"Assess damage" \(Activity_Assess\), as imported/ }),
  ).toHaveCount(0)
  await expect(
    problems.getByRole('button', { name: /"Claim amount\?" \(Gateway_Amount\), as imported/ }),
  ).toHaveCount(2)
})
