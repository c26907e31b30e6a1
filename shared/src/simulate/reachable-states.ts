import type { MachineConfigJson, StateNodeJson, TransitionJson } from '../compiler/compiled'

/**
 * The ids of every state a compiled machine can enter from its initial state, read from the
 * config alone: transition targets (`#id`), the initial states of parallel regions, and `onDone`.
 * Tests compare it with the graph's reachable nodes; it ignores guards, so it is an upper bound.
 */
export function reachableStateIds(machine: MachineConfigJson): Set<string> {
  const byId = new Map<string, StateNodeJson>()
  const collect = (states: Record<string, StateNodeJson> | undefined) => {
    for (const state of Object.values(states ?? {})) {
      if (state.id) byId.set(state.id, state)
      collect(state.states)
    }
  }
  collect(machine.states)

  const reached = new Set<string>()
  const pending: StateNodeJson[] = []
  const enter = (state: StateNodeJson | undefined) => {
    if (!state) return
    if (state.id) {
      if (reached.has(state.id)) return
      reached.add(state.id)
    }
    pending.push(state)
  }
  const follow = (transitions: TransitionJson | TransitionJson[] | undefined) => {
    for (const transition of [transitions ?? []].flat()) {
      if (transition.target?.startsWith('#')) enter(byId.get(transition.target.slice(1)))
    }
  }
  enter(machine.states[machine.initial])
  for (const transitions of Object.values(machine.on ?? {})) follow(transitions)
  while (pending.length > 0) {
    const state = pending.pop()!
    for (const transitions of Object.values(state.on ?? {})) follow(transitions)
    follow(state.onDone)
    if (state.type === 'parallel') {
      for (const region of Object.values(state.states ?? {})) enter(region.states?.[region.initial!])
    } else if (state.initial) {
      enter(state.states?.[state.initial])
    }
  }
  return reached
}
