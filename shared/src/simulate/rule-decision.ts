import type { DecisionManifest } from '../compiler/compiled'
import { evaluateRule, jsonataToRule } from '../rules'

export type RuleDecision =
  /** The branch the runtime would take, and why. */
  | { branch: string; because: string }
  /** Why the person simulating has to say which way. */
  | { ask: string }

/**
 * The branch a rule decision takes on the instance data, found the way the runtime finds it
 * (branches in order: the first whose condition holds, or that has none; else the default), but
 * from the rules the conditions say, never by running JSONata. Where a condition is not a rule, is
 * not written yet, or cannot be worked out on this data, the person simulating is asked.
 */
export function decideByRules(decision: DecisionManifest, data: Record<string, unknown>): RuleDecision {
  for (const branch of decision.branches) {
    if (branch.condition === undefined) {
      // The runtime takes it; a map whose conditions are still to be written is asked about instead.
      if (branch.id === decision.defaultBranch) return { branch: branch.id, because: 'it has no condition' }
      return { ask: `“${branch.label}” has no condition yet.` }
    }
    const read = jsonataToRule(branch.condition)
    if (!read.ok) return { ask: `The condition of “${branch.label}” is code the simulator does not run.` }
    const holds = evaluateRule(read.rule, data)
    if (holds === 'unknown')
      return { ask: `The condition of “${branch.label}” cannot be worked out on this data.` }
    if (holds) return { branch: branch.id, because: `${branch.condition} holds` }
  }
  if (decision.defaultBranch !== undefined)
    return { branch: decision.defaultBranch, because: 'no condition holds, so the default branch' }
  return { ask: 'No condition holds and there is no default branch.' }
}
