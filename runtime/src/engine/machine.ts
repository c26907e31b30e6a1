import {
  createWorkflowMachine,
  type CompiledWorkflow,
  type MachineConfigJson,
  type StateNodeJson,
  type WorkflowEvent,
} from '@conveyor/shared'
import type { AnyActorRef, AnyStateMachine } from 'xstate'

/** Node ids entered during one `send`, in order; filled by the `$entered` entry action. */
let enteredDuringSend: string[] | undefined

/**
 * Sends the event (or starts the actor, when `event` is null) and returns the node ids it
 * entered, in order (a node entered twice appears twice).
 */
export function collectEntered(actor: AnyActorRef, event: WorkflowEvent | null): string[] {
  const entered: string[] = []
  enteredDuringSend = entered
  try {
    if (event) actor.send(event)
    else actor.start()
  } finally {
    enteredDuringSend = undefined
  }
  return entered
}

type Params = Record<string, unknown> | undefined

/**
 * The compiled config with an entry action on every node's state: that is how the engine learns,
 * exactly and in order, which nodes a transition entered — loops and parallel branches included.
 */
function withEntryHooks(config: MachineConfigJson, nodeIds: Set<string>): MachineConfigJson {
  const hook = (states: Record<string, StateNodeJson>): Record<string, StateNodeJson> =>
    Object.fromEntries(
      Object.entries(states).map(([key, state]) => {
        const next: StateNodeJson & { entry?: unknown } = { ...state }
        if (state.states) next.states = hook(state.states)
        if (nodeIds.has(key)) next.entry = [{ type: '$entered', params: { nodeId: key } }]
        return [key, next]
      }),
    )
  return { ...config, states: hook(config.states) }
}

/**
 * The XState machine of a compiled workflow with the shared implementations of its named guards
 * and actions (the same the editor's simulator runs), plus the engine's entry hook.
 */
export function buildMachine(compiled: CompiledWorkflow): AnyStateMachine {
  const machine = compiled.machine
  const hooked = {
    ...compiled,
    machine: withEntryHooks(machine, new Set(Object.keys(compiled.manifest.nodes))),
  }
  return createWorkflowMachine(hooked).provide({
    actions: {
      $entered: (_: unknown, params: Params) => {
        enteredDuringSend?.push(String(params?.nodeId))
      },
    },
  } as never)
}
