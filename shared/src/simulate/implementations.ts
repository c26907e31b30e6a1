import { assign, createMachine, type AnyStateMachine } from 'xstate'
import type { CompiledWorkflow, WorkflowEvent } from '../compiler/compiled'

export interface WorkflowContext {
  data: Record<string, unknown>
}

type Params = Record<string, unknown> | undefined
interface GuardArgs {
  event: WorkflowEvent
}

/** The named guards every compiled machine refers to; they read only the event. */
export const workflowGuards = {
  triggeredBy: ({ event }: GuardArgs, params: Params) =>
    event.type === 'START' && event.trigger === params?.trigger,
  isNode: ({ event }: GuardArgs, params: Params) => 'nodeId' in event && event.nodeId === params?.nodeId,
  isBranch: ({ event }: GuardArgs, params: Params) =>
    event.type === 'DECIDE' && event.nodeId === params?.nodeId && event.branch === params?.branch,
}

/** `saveResult`: where a step's (already reshaped) result goes in the instance data. */
export function saveResultInto(
  data: Record<string, unknown>,
  result: unknown,
  params: { nodeId: string; saveAs?: string },
): Record<string, unknown> {
  if (result === undefined) return data
  if (params.saveAs !== undefined) return { ...data, [params.saveAs]: result }
  if (isPlainObject(result)) return { ...data, ...result }
  return { ...data, [params.nodeId]: result }
}

/** The named actions every compiled machine refers to. */
export const workflowActions = {
  startWith: assign(({ event }: { event: WorkflowEvent }) => ({
    data: event.type === 'START' ? { ...(event.input ?? {}) } : {},
  })),
  saveResult: assign(
    ({ context, event }: { context: WorkflowContext; event: WorkflowEvent }, params: Params) => ({
      data:
        event.type === 'STEP_DONE'
          ? saveResultInto(context.data, event.result, params as { nodeId: string; saveAs?: string })
          : context.data,
    }),
  ),
}

/** The compiled machine with its named guards and actions supplied, ready for `createActor`. */
export function createWorkflowMachine(compiled: CompiledWorkflow): AnyStateMachine {
  const machine = createMachine(compiled.machine as Parameters<typeof createMachine>[0])
  // The config is JSON, so XState cannot infer its types; the implementations are checked above.
  const implementations = { guards: workflowGuards, actions: workflowActions } as unknown
  return machine.provide(implementations as Parameters<typeof machine.provide>[0])
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
