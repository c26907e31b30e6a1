import { z } from 'zod'
import { StepMode } from '../kinds/step/schema'
import { Duration, Id } from '../model/common'
import { branchesOf } from '../kinds'
import type { NodeKind, WorkflowDocument } from '../model'

export const WeeklyHoursSchema = z
  .object({
    /** 0 = Sunday … 6 = Saturday. */
    days: z.array(z.number().int().min(0).max(6)).min(1, 'name at least one day'),
    fromHour: z.number().min(0).max(24),
    toHour: z.number().min(0).max(24),
  })
  .strict()
  .refine((hours) => hours.fromHour < hours.toHour, {
    message: 'must end after it starts (toHour after fromHour)',
    path: ['toHour'],
  })

const Share = z.number().min(0, 'must be 0 or more').max(1, 'must be 1 or less')

/** A step done another way: switched to automate or augment, or with other figures. */
export const WhatIfStepChange = z
  .object({
    mode: StepMode.optional(),
    /**
     * Augment: the share of suggestions a person overrides (and then does the work in full).
     * Automate: the share of items the machine hands over to a person.
     */
    overrideRate: Share.optional(),
    /** A person's handling time, in minutes, in place of the step's facts. */
    handlingTimeMinutes: z.number().nonnegative().optional(),
    /** How long the machine takes, in minutes, when automated. */
    machineMinutes: z.number().nonnegative().optional(),
    /** Cost of one visit done in full, in place of the step's facts. */
    costPerItem: z.number().nonnegative().optional(),
  })
  .strict()
export type WhatIfStepChange = z.infer<typeof WhatIfStepChange>

export const WhatIfLaneChange = z
  .object({
    people: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100_000).optional(),
    /** When its people work; `null` for around the clock. */
    hours: WeeklyHoursSchema.nullable().optional(),
  })
  .strict()
export type WhatIfLaneChange = z.infer<typeof WhatIfLaneChange>

/**
 * A question asked of the baseline: "what if volume grows by half, this step is automated,
 * that lane gets two more people, this SLA is a day". Every field is optional; an empty scenario
 * is the baseline itself. Branch shares and arrival hours can be set here too, where the
 * document's facts do not say them.
 */
export const WhatIfScenario = z
  .object({
    name: z.string().max(200).optional(),
    /** Items arriving, as a multiple of the baseline's. */
    volumeFactor: z.number().positive('must be more than 0').max(1_000).optional(),
    /** When items arrive; `null` for around the clock. */
    arrivalHours: WeeklyHoursSchema.nullable().optional(),
    steps: z.record(z.string(), WhatIfStepChange).optional(),
    lanes: z.record(z.string(), WhatIfLaneChange).optional(),
    /** A step's or decision's SLA, by node id; `null` removes it. */
    sla: z.record(z.string(), Duration.nullable()).optional(),
    /** The share of items taking each branch of a decision, by decision id and branch id. */
    branches: z.record(z.string(), z.record(z.string(), Share)).optional(),
  })
  .strict()
export type WhatIfScenario = z.infer<typeof WhatIfScenario>

/** What is wrong with a scenario, and where (a dotted path into it, like `lanes.tier2.people`). */
export interface ScenarioProblem {
  path: string
  message: string
}

/** What a scenario may change at a node of each kind. */
const changeable: Record<NodeKind, { step: boolean; sla: boolean; branches: boolean }> = {
  trigger: { step: false, sla: false, branches: false },
  step: { step: true, sla: true, branches: false },
  decision: { step: false, sla: true, branches: true },
  exception: { step: false, sla: false, branches: false },
  fork: { step: false, sla: false, branches: false },
  join: { step: false, sla: false, branches: false },
  end: { step: false, sla: false, branches: false },
  note: { step: false, sla: false, branches: false },
}

/** Problems with a scenario on its own (its shape) and against the workflow (ids it names). */
export function checkScenario(
  document: WorkflowDocument,
  input: unknown,
): { ok: true; scenario: WhatIfScenario } | { ok: false; problems: ScenarioProblem[] } {
  const parsed = WhatIfScenario.safeParse(input)
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    }
  }
  const scenario = parsed.data
  const problems: ScenarioProblem[] = []
  const nodes = new Map(document.nodes.map((node) => [node.id, node]))
  const may = (id: string, change: 'step' | 'sla' | 'branches') => {
    const node = nodes.get(id)
    return node !== undefined && changeable[node.type][change]
  }
  const laneIds = new Set(document.lanes.map((lane) => lane.id))
  const idProblem = (path: string, id: string, what: string) => {
    if (!Id.safeParse(id).success) problems.push({ path, message: `"${id}" is not an id` })
    else problems.push({ path, message: `this workflow has no ${what} "${id}"` })
  }
  for (const id of Object.keys(scenario.steps ?? {})) {
    if (!may(id, 'step')) idProblem(`steps.${id}`, id, 'step')
  }
  for (const id of Object.keys(scenario.lanes ?? {})) {
    if (!laneIds.has(id)) idProblem(`lanes.${id}`, id, 'lane')
  }
  for (const id of Object.keys(scenario.sla ?? {})) {
    if (!may(id, 'sla')) idProblem(`sla.${id}`, id, 'step or decision')
  }
  for (const [id, shares] of Object.entries(scenario.branches ?? {})) {
    const node = nodes.get(id)
    if (!node || !may(id, 'branches')) {
      idProblem(`branches.${id}`, id, 'decision')
      continue
    }
    const branchIds = new Set(branchesOf(node).map((branch) => branch.id))
    for (const branch of Object.keys(shares)) {
      if (!branchIds.has(branch))
        problems.push({
          path: `branches.${id}.${branch}`,
          message: `decision "${node.data.label}" has no branch "${branch}"`,
        })
    }
    const total = Object.values(shares).reduce((sum, share) => sum + share, 0)
    if (total > 1 + 1e-9)
      problems.push({ path: `branches.${id}`, message: `the shares add up to ${total}, more than 1` })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scenario }
}
