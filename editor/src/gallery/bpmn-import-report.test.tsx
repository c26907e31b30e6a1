// @vitest-environment jsdom
import type { BpmnImportReport } from '@conveyor/shared/bpmn'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { BpmnImportReportView } from './bpmn-import-report'

afterEach(cleanup)

const report: BpmnImportReport = {
  exporter: 'Camunda Modeler',
  notes: [
    {
      bpmnId: 'Activity_Assess',
      bpmnType: 'bpmn:SubProcess',
      name: 'Assess damage',
      outcome: 'approximated',
      nodeId: 'Activity_Assess',
      message: 'A subprocess became one human step',
      hint: 'Model its inner steps as steps of their own.',
    },
    {
      bpmnId: 'Gateway_Merge',
      bpmnType: 'bpmn:ParallelGateway',
      outcome: 'dropped',
      message: 'A merging gateway is not needed',
      hint: 'Nothing to do.',
    },
  ],
}

describe('the report of a BPMN import', () => {
  it('says, per element id, what became of it and what to do, and links to the new workflow', () => {
    render(
      <BpmnImportReportView workflow={{ id: 'claims handling', name: 'Claims handling' }} report={report} />,
    )
    expect(screen.getByRole('heading', { name: 'Imported “Claims handling”' })).toBeDefined()
    expect(screen.getByText(/Written by Camunda Modeler\. 2 elements did not come over/)).toBeDefined()
    const notes = within(screen.getByRole('list', { name: 'Import notes' })).getAllByRole('listitem')
    expect(notes.map((note) => note.textContent)).toEqual([
      'Activity_Assess (Assess damage) approximated: A subprocess became one human step. Model its inner steps as steps of their own.',
      'Gateway_Merge left out: A merging gateway is not needed. Nothing to do.',
    ])
    expect(screen.getByRole('link', { name: 'Open Claims handling' }).getAttribute('href')).toBe(
      '/workflows/claims%20handling',
    )
  })
})
