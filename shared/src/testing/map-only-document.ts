import type { WorkflowDocumentInput } from '../model'

/**
 * A customer refund request as a manager maps it, before anyone wires it up: the flow is whole
 * (the trigger reaches an end, the decision has its two branches, the exception is attached, work
 * for people has a lane), but the automated step has no connector, the assisted step has no field
 * for its draft, the rule decision has no condition for "Yes", and the human steps have no forms.
 */
export function mapOnlyDocument(): WorkflowDocumentInput {
  const at = (x: number, y: number) => ({ x, y })
  return {
    schemaVersion: 1,
    id: 'refund-map',
    name: 'Customer refund request',
    lanes: [
      { id: 'support-agent', name: 'Support agent', kind: 'role' },
      { id: 'support-lead', name: 'Support lead', kind: 'role' },
    ],
    nodes: [
      {
        id: 'requested',
        type: 'trigger',
        position: at(0, 0),
        data: { label: 'Refund requested', start: { kind: 'manual' } },
      },
      {
        id: 'check-order',
        type: 'step',
        position: at(200, 0),
        data: { label: 'Check order', mode: 'automate' },
      },
      {
        id: 'draft-reply',
        type: 'step',
        position: at(400, 0),
        data: {
          label: 'Draft reply',
          mode: 'augment',
          lane: 'support-agent',
          fallback: { lane: 'support-agent' },
          augment: {
            assistant: { produces: 'draft', instructions: 'Draft a reply to the customer', field: 'draft' },
            form: { fields: [] },
          },
        },
      },
      {
        id: 'over-100',
        type: 'decision',
        position: at(600, 0),
        data: {
          label: 'Amount over 100?',
          branches: [
            { id: 'yes', label: 'Yes' },
            { id: 'no', label: 'No' },
          ],
          defaultBranch: 'no',
        },
      },
      {
        id: 'approve-refund',
        type: 'step',
        position: at(800, 0),
        data: { label: 'Approve refund', mode: 'human', lane: 'support-lead' },
      },
      {
        id: 'payment-failed',
        type: 'exception',
        position: at(200, 200),
        data: { label: 'Payment failed', attachedTo: 'check-order', on: 'error' },
      },
      {
        id: 'call-customer',
        type: 'step',
        position: at(400, 200),
        data: { label: 'Call the customer', mode: 'human', lane: 'support-lead' },
      },
      { id: 'done', type: 'end', position: at(1000, 0), data: { label: 'Done', outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 'requested', target: 'check-order' },
      { id: 'e2', source: 'check-order', target: 'draft-reply' },
      { id: 'e3', source: 'draft-reply', target: 'over-100' },
      { id: 'e4', source: 'over-100', sourceHandle: 'yes', target: 'approve-refund' },
      { id: 'e5', source: 'over-100', sourceHandle: 'no', target: 'done' },
      { id: 'e6', source: 'approve-refund', target: 'done' },
      { id: 'e7', source: 'payment-failed', target: 'call-customer' },
      { id: 'e8', source: 'call-customer', target: 'done' },
    ],
  }
}

/** The things to set up before `mapOnlyDocument` can run, as [diagnostic code, node] pairs, in the validator's order. */
export const mapOnlySetupItems = [
  ['decision.branch-without-condition', 'over-100'],
  ['step.missing-config', 'check-order'],
  ['step.assistant-field-unknown', 'draft-reply'],
] as const
