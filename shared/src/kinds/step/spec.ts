import { resolveAutonomy } from './autonomy'
import { assistantSees } from './data-policy'
import { canonical } from '../../compiler/canonical-json'
import type { TransitionJson, WorkflowEvent } from '../../compiler/compiled'
import type { Connector } from '../../model/connector'
import { RetryPolicy } from '../../model/connector'
import type { ExceptionOn } from '../exception/schema'
import type { KindSpec, MachineContext } from '../kind-spec'
import { stepExceptions } from './exceptions'
import { callsOutside } from './fallback'
import { fallbackManifest } from './fallback-manifest'
import type { StepData } from './schema'
import { stepFieldsGiven } from './fields-given'

/** Filled in when a step leaves its retry policy out. */
const defaultRetry = RetryPolicy.parse({})

const failureEvents: Record<ExceptionOn, 'STEP_FAILED' | 'STEP_TIMEOUT' | 'STEP_REJECTED'> = {
  error: 'STEP_FAILED',
  timeout: 'STEP_TIMEOUT',
  rejection: 'STEP_REJECTED',
}

const failureEvent: Record<ExceptionOn, (nodeId: string) => WorkflowEvent> = {
  error: (nodeId) => ({ type: 'STEP_FAILED', nodeId, error: 'failed' }),
  timeout: (nodeId) => ({ type: 'STEP_TIMEOUT', nodeId }),
  rejection: (nodeId) => ({ type: 'STEP_REJECTED', nodeId }),
}

/** A unit of work, done by a connector, by a person, or by a person with an assistant. */
export const stepSpec: KindSpec<'step'> = {
  entries: { kind: 'any' },
  exits: { kind: 'one' },
  branches: () => [],
  attachesExceptions: true,
  measured: true,
  // Any assistant can stop a step (its fallback's concern); only an outside one sends data out.
  fieldsGiven: stepFieldsGiven,
  sendsDataOut: (node, { assistantCallsOutside }) =>
    node.data.mode === 'augment' ? assistantCallsOutside : callsOutside(node.data),
  // Its outside call does a person's work; an augment step's applied suggestion is counted apart.
  machineStandsIn: (node) => node.data.mode === 'automate' && callsOutside(node.data),
  manifest: (node, { graph }) => {
    const { mode, automate, augment, human, sla, saveAs, output, caseFields } = node.data
    return {
      kind: 'step',
      label: node.data.label,
      lane: node.data.lane,
      mode,
      automate:
        mode === 'automate' && automate
          ? {
              ...automate,
              connector: withSortedHeaders(automate.connector),
              retry: automate.retry ?? defaultRetry,
            }
          : undefined,
      // Resolved here, so a deployment says what its assistant may read whatever the default becomes.
      assistant:
        mode === 'augment' && augment
          ? { ...augment.assistant, sees: assistantSees(augment.assistant) }
          : undefined,
      autonomy: mode === 'augment' && augment ? resolveAutonomy(augment.autonomy) : undefined,
      form:
        mode === 'human' ? (human?.form ?? { fields: [] }) : mode === 'augment' ? augment?.form : undefined,
      sla,
      saveAs,
      output,
      caseFields: mode === 'automate' ? undefined : caseFields,
      exceptions: Object.fromEntries(stepExceptions(graph, node.id)),
      fallback: fallbackManifest(node.data),
    }
  },
  machine: (node, context) => ({
    on: {
      STEP_DONE: {
        target: context.next(node.id),
        guard: { type: 'isNode', params: { nodeId: node.id } },
        actions: [saveResult(node.id, node.data)],
      },
      ...failureTransitions(node.id, context),
    },
  }),
  runClass: (node) =>
    node.mode !== 'automate' ? 'person' : node.automate?.connector.kind === 'delay' ? 'clock' : 'automatic',
  waitingEvents: (node, nodeId) => [
    { type: 'STEP_DONE', nodeId },
    ...(Object.keys(node.exceptions) as ExceptionOn[]).map((on) => failureEvent[on](nodeId)),
  ],
}

function saveResult(nodeId: string, data: StepData): NonNullable<TransitionJson['actions']>[number] {
  const params: Record<string, unknown> = { nodeId }
  if (data.saveAs !== undefined) params.saveAs = data.saveAs
  return { type: 'saveResult', params }
}

function failureTransitions(
  nodeId: string,
  { graph, target }: MachineContext,
): Record<string, TransitionJson> {
  const transitions: Record<string, TransitionJson> = {}
  for (const [on, exceptionId] of stepExceptions(graph, nodeId)) {
    transitions[failureEvents[on]] = {
      target: target(nodeId, exceptionId),
      guard: { type: 'isNode', params: { nodeId } },
    }
  }
  return transitions
}

/** Headers are a free-form record, kept in the order they were typed; sort them for stable bytes. */
function withSortedHeaders(connector: Connector): Connector {
  if (connector.kind !== 'http' || !connector.headers) return connector
  return { ...connector, headers: canonical(connector.headers) }
}
