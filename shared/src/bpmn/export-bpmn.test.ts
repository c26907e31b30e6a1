import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WorkflowDocument } from '../model'
import { exportBpmn } from './export-bpmn'
import { importBpmn } from './import-bpmn'
import { readFixture } from './testing/read-fixture'
import { bpmnSchemaErrors } from './testing/validate-bpmn-xsd'

const roundTrip = async (document: WorkflowDocument) => importBpmn(await exportBpmn(document))
const orderToCash = WorkflowDocument.parse(
  JSON.parse(readFileSync(new URL('../../../examples/order-to-cash/workflow.json', import.meta.url), 'utf8')),
)

describe('exporting what BPMN tools read', async () => {
  const xml = await exportBpmn(orderToCash)

  it('writes steps as user and service tasks, decisions with JSONata conditions and their default flow', () => {
    expect(xml).toContain('<bpmn:userTask id="review-credit" conveyor:mode="human" name="Review credit">')
    expect(xml).toMatch(/<bpmn:serviceTask id="reserve-stock" conveyor:mode="automate" name="Reserve stock">/)
    expect(xml).toMatch(
      /<bpmn:exclusiveGateway id="credit-check" name="Credit check" default="e-credit-over">/,
    )
    expect(xml).toContain(
      '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="https://jsonata.org">amount &lt;= creditLimit</bpmn:conditionExpression>',
    )
    expect(xml).toMatch(/<bpmn:boundaryEvent id="stock-error" [^>]*attachedToRef="reserve-stock"/)
  })

  it('draws the lanes in one pool, and every node and connection', () => {
    expect(xml).toMatch(
      /<bpmn:participant id="Participant_order-to-cash" name="Order to cash" processRef="Process_order-to-cash"/,
    )
    expect(xml.match(/<bpmn:lane /g)).toHaveLength(orderToCash.lanes.length)
    expect(xml.match(/<bpmndi:BPMNShape /g)).toHaveLength(
      orderToCash.nodes.length + orderToCash.lanes.length + 1,
    )
    expect(xml.match(/<bpmndi:BPMNEdge /g)).toHaveLength(orderToCash.edges.length)
    expect(xml).toContain('<bpmndi:BPMNShape id="review-credit_di" bpmnElement="review-credit">')
    expect(xml).toMatch(/<dc:Bounds x="410" y="220" width="100" height="80" \/>/)
  })

  it('gives an edge or lane whose id a node has another id, and reads its own back', async () => {
    const clash: WorkflowDocument = {
      ...orderToCash,
      lanes: orderToCash.lanes.map((lane) =>
        lane.id === 'billing' ? { ...lane, id: 'send-invoice' } : lane,
      ),
      nodes: orderToCash.nodes.map((node) =>
        node.data.lane === 'billing'
          ? ({ ...node, data: { ...node.data, lane: 'send-invoice' } } as typeof node)
          : node,
      ),
      edges: orderToCash.edges.map((edge) =>
        edge.id === 'e-send-wait' ? { ...edge, id: 'wait-for-due-date' } : edge,
      ),
    }
    const exported = await exportBpmn(clash)
    expect(exported).toContain('<bpmn:lane id="send-invoice_2" conveyor:key="send-invoice"')
    expect(await bpmnSchemaErrors(exported)).toEqual([])
    expect((await importBpmn(exported)).document).toEqual(clash)
  })
})

describe('BPMN from other tools, through Conveyor and back', () => {
  it.each(['camunda-claims.bpmn', 'signavio-purchase.bpmn'])('%s keeps its workflow', async (name) => {
    const { document } = await importBpmn(readFixture(name))
    const { document: back, report } = await roundTrip(document)
    expect(report.notes).toEqual([])
    expect(back).toEqual(document)
  })
})
