import { describe, expect, it } from 'vitest'
import { isMapComplete, validateDocument } from '../validator'
import type { WorkflowDocument } from '../model'
import { BpmnInputError } from './bpmn-input-error'
import { exportBpmn } from './export-bpmn'
import { importBpmn } from './import-bpmn'
import { readFixture } from './testing/read-fixture'

const nodeOf = (document: WorkflowDocument, id: string) => {
  const node = document.nodes.find((candidate) => candidate.id === id)
  if (!node) throw new Error(`no node ${id}`)
  return node
}
const notesOf = (report: { notes: Array<{ bpmnId: string; outcome: string }> }) =>
  report.notes.map((note) => `${note.outcome} ${note.bpmnId}`)

describe('importing BPMN as Camunda Modeler writes it', async () => {
  const { document, report } = await importBpmn(readFixture('camunda-claims.bpmn'))

  it('is a complete map', () => {
    const { diagnostics } = validateDocument(document)
    expect(diagnostics.filter((d) => d.level === 'map' && d.severity === 'error')).toEqual([])
    expect(isMapComplete(diagnostics)).toBe(true)
  })

  it('maps each element to its kind, with the lanes of the pool and the names and documentation', () => {
    expect(document.name).toBe('Claims handling')
    expect(document.description).toBe("From a customer's claim to the payout, for household insurance.")
    expect(document.lanes.map((lane) => lane.name)).toEqual([
      'Customer service',
      'Claims system',
      'Claims adjuster',
    ])
    expect(document.nodes.map((node) => `${node.id} ${node.type}`)).toEqual([
      'StartEvent_Claim trigger',
      'StartEvent_Nightly trigger',
      'Activity_CheckClaim step',
      'Event_CheckTimeout exception',
      'Activity_Escalate step',
      'Activity_FetchPolicy step',
      'Event_PolicyError exception',
      'Activity_ManualLookup step',
      'Gateway_Amount decision',
      'Activity_Assess step',
      'Gateway_Fork fork',
      'Activity_Pay step',
      'Activity_Notify step',
      'Gateway_Join join',
      'EndEvent_Settled end',
      'EndEvent_Rejected end',
      'TextAnnotation_0fraud note',
    ])
    expect(nodeOf(document, 'StartEvent_Claim').data).toMatchObject({
      start: { kind: 'webhook' },
      lane: 'Lane_CustomerService',
    })
    expect(nodeOf(document, 'StartEvent_Nightly').data).toMatchObject({
      start: { kind: 'schedule', cron: '0 0 * * *' },
    })
    expect(nodeOf(document, 'Activity_CheckClaim').data).toMatchObject({
      label: 'Check claim',
      description: 'Read the claim and the photos; ask the customer for what is missing.',
      mode: 'human',
      sla: { within: '4h' },
    })
    expect(nodeOf(document, 'Activity_Escalate').data.label).toBe('Escalate to team lead')
    expect(nodeOf(document, 'Activity_FetchPolicy').data).toMatchObject({
      mode: 'automate',
      lane: 'Lane_ClaimsSystem',
    })
    expect(nodeOf(document, 'Activity_Notify').data).toMatchObject({ mode: 'automate' })
    expect(nodeOf(document, 'Event_CheckTimeout').data).toMatchObject({
      attachedTo: 'Activity_CheckClaim',
      on: 'timeout',
    })
    expect(nodeOf(document, 'Event_PolicyError').data).toMatchObject({
      attachedTo: 'Activity_FetchPolicy',
      on: 'error',
    })
    expect(nodeOf(document, 'EndEvent_Settled').data).toMatchObject({ outcome: 'completed' })
    expect(nodeOf(document, 'EndEvent_Rejected').data).toMatchObject({ outcome: 'failed' })
    expect(nodeOf(document, 'TextAnnotation_0fraud').data.label).toBe(
      'Fraud score comes from the policy service',
    )
  })

  it('turns the gateway into a decision with its conditions as written, in the file order, and its default', () => {
    expect(nodeOf(document, 'Gateway_Amount').data).toMatchObject({
      decidedBy: 'rule',
      branches: [
        { id: 'Flow_Large', label: 'Over 1,000', condition: '${amount > 1000}' },
        { id: 'Flow_Small', label: 'Small claim' },
        { id: 'Flow_Fraud', label: 'Fraud suspected', condition: '${fraudScore >= 0.8}' },
      ],
      defaultBranch: 'Flow_Small',
    })
    const fromDecision = document.edges.filter((edge) => edge.source === 'Gateway_Amount')
    expect(fromDecision.map((edge) => [edge.sourceHandle, edge.target])).toEqual([
      ['Flow_Large', 'Activity_Assess'],
      ['Flow_Small', 'Gateway_Fork'],
      ['Flow_Fraud', 'EndEvent_Rejected'],
    ])
  })

  it('joins the flows around the merging gateway it leaves out', () => {
    expect(
      document.edges.filter((edge) => edge.target === 'Gateway_Fork').map((edge) => edge.source),
    ).toEqual(['Gateway_Amount', 'Activity_Assess'])
  })

  it('places nodes where the diagram draws them, scaled to the canvas', () => {
    expect(nodeOf(document, 'Activity_CheckClaim').position).toEqual({ x: 600, y: 280 })
    expect(nodeOf(document, 'Gateway_Amount').position).toEqual({ x: 1560, y: 670 })
  })

  it('reports exactly what it approximated, dropped or wants checked, by BPMN id, with a hint', () => {
    expect(report.exporter).toBe('Camunda Modeler')
    expect(notesOf(report)).toEqual([
      'approximated Activity_Assess',
      'dropped Gateway_Merge',
      'check Flow_Large',
      'check Flow_Fraud',
    ])
    expect(report.notes[0]).toMatchObject({
      bpmnType: 'bpmn:SubProcess',
      name: 'Assess damage',
      nodeId: 'Activity_Assess',
      message: 'A subprocess became one human step; its 3 inner elements are not in the workflow',
    })
    expect(report.notes[2]).toMatchObject({
      nodeId: 'Gateway_Amount',
      message: expect.stringContaining('${amount > 1000}'),
    })
    for (const note of report.notes) expect(note.hint.length).toBeGreaterThan(5)
  })

  it('keeps what is to check on the nodes, so the workflow lists it once the report is gone', () => {
    const [assess, large, fraud] = report.notes.filter((note) => note.nodeId !== undefined)
    expect(nodeOf(document, 'Activity_Assess').data.toCheck).toEqual([
      { message: assess!.message, hint: assess!.hint },
    ])
    expect(nodeOf(document, 'Gateway_Amount').data.toCheck).toEqual([
      { message: large!.message, hint: large!.hint },
      { message: fraud!.message, hint: fraud!.hint },
    ])
    const listed = validateDocument(document).diagnostics.filter((d) => d.code === 'node.to-check')
    // In the order of the flow, as the validator lists every finding.
    expect(listed.map((d) => [d.nodeId, d.message, d.hint])).toEqual([
      ['Gateway_Amount', `"Claim amount?" (Gateway_Amount), as imported: ${large!.message}.`, large!.hint],
      ['Gateway_Amount', `"Claim amount?" (Gateway_Amount), as imported: ${fraud!.message}.`, fraud!.hint],
      [
        'Activity_Assess',
        `"Assess damage" (Activity_Assess), as imported: ${assess!.message}.`,
        assess!.hint,
      ],
    ])
  })

  it('still has them to check after a trip through Conveyor’s own BPMN', async () => {
    const again = await importBpmn(await exportBpmn(document))
    expect(again.report.notes).toEqual([])
    expect(again.document).toEqual(document)
  })
})

describe('importing BPMN as Signavio writes it', async () => {
  const { document, report } = await importBpmn(readFixture('signavio-purchase.bpmn'))

  it('is a complete map with every lane and kind', () => {
    expect(isMapComplete(validateDocument(document).diagnostics)).toBe(true)
    expect(document.lanes.map((lane) => lane.id)).toEqual([
      'sid-L-requester',
      'sid-L-manager',
      'sid-L-procurement',
    ])
    expect(nodeOf(document, 'sid-S-phone').data).toMatchObject({ start: { kind: 'manual' } })
    expect(nodeOf(document, 'sid-I-wait').data).toMatchObject({
      mode: 'automate',
      automate: { connector: { kind: 'delay', duration: '2d' } },
    })
    expect(nodeOf(document, 'sid-T-approve').data).toMatchObject({ mode: 'human', sla: { within: '2d' } })
    expect(nodeOf(document, 'sid-E-declined').data).toMatchObject({ outcome: 'completed' })
    expect(nodeOf(document, 'sid-G-approved').data).toMatchObject({ defaultBranch: 'sid-F-no' })
  })

  it('reports the plain tasks, the call, the messages, the outside pool and the data store', () => {
    expect(report.exporter).toMatch(/^Signavio/)
    expect(notesOf(report)).toEqual([
      'dropped sid-MF-order',
      'dropped sid-P-Supplier',
      'approximated sid-T-fill',
      'approximated sid-CA-budget',
      'approximated sid-B-overdue',
      'approximated sid-T-remind',
      'approximated sid-E-told',
      'approximated sid-T-receive',
      'dropped sid-DS-erp',
      'check sid-F-yes',
    ])
  })
})

const bpmn = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d1" targetNamespace="urn:test">${body}</definitions>`

describe('importing BPMN without a diagram', () => {
  it('sets the nodes out in flow order and says so', async () => {
    const { document, report } = await importBpmn(
      bpmn(`<process id="p1" name="Tiny"><startEvent id="s"/><task id="t" name="Do it"/><endEvent id="e"/>
        <sequenceFlow id="f1" sourceRef="s" targetRef="t"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/></process>`),
    )
    expect(document.id).toBe('tiny')
    expect(document.nodes.map((node) => node.position.x)).toEqual([40, 300, 560])
    expect(notesOf(report)).toEqual(['approximated t', 'approximated p1'])
  })
})

describe('refusing what is not BPMN', () => {
  const refusal = async (xml: string) => {
    const error = await importBpmn(xml).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(BpmnInputError)
    return error as BpmnInputError
  }

  it('names where text stops being XML', async () => {
    const error = await refusal('<definitions>\n  <process></definitions>')
    expect(error.problem).toBe('not-xml')
    expect(error.message).toMatch(/^This is not well-formed XML: closing tag mismatch at line 2, column \d+$/)
    expect((await refusal('hello, world')).problem).toBe('not-xml')
  })

  it('names the root element of XML that is not BPMN', async () => {
    const error = await refusal('<?xml version="1.0"?>\n<invoice xmlns="urn:acme"><total>3</total></invoice>')
    expect(error.problem).toBe('not-bpmn')
    expect(error.message).toContain('<invoice>')
    expect((await refusal(bpmn(''))).message).toMatch(/no process/)
  })

  it('refuses entity declarations: no expansion bomb, no reading local files', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${bpmn('<process id="p"><startEvent id="s" name="&lol2;"/></process>')}`
    expect((await refusal(bomb)).problem).toBe('doctype')
    const external = `<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${bpmn('<process id="p"><startEvent id="s" name="&xxe;"/></process>')}`
    const error = await refusal(external)
    expect(error.message).toMatch(/DOCTYPE at line 2, column 1/)
    expect(error.message).not.toContain('root:')
  })

  it('refuses files over 5 MiB and nesting over 64 levels before parsing them', async () => {
    const large = bpmn(`<!-- ${'x'.repeat(5 * 1024 * 1024)} -->`)
    expect((await refusal(large)).message).toBe('The BPMN file is larger than 5 MiB (the limit)')
    const deep = bpmn(`<process id="p">${'<extensionElements>'.repeat(70)}</process>`)
    const error = await refusal(deep)
    expect(error.problem).toBe('too-deep')
    expect(error.message).toMatch(/deeper than 64 levels \(the limit\), at line 2, column \d+/)
  })
})
