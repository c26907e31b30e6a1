import { z } from 'zod'
import { CurrentStateFacts, Duration, Expression, Id, NodeBase, Sla } from '../../model/common'
import { Connector, RetryPolicy } from '../../model/connector'
import { Form } from '../../model/form'
import { StepAutonomy } from './autonomy'
import { StepFallback } from './fallback'

export const StepMode = z.enum(['automate', 'augment', 'human'])
export type StepMode = z.infer<typeof StepMode>

export const AutomateConfig = z
  .object({
    connector: Connector,
    retry: RetryPolicy.optional(),
    /** Each attempt's limit. */
    timeout: Duration.optional(),
  })
  .strict()
export type AutomateConfig = z.infer<typeof AutomateConfig>

export const AssistantTask = z
  .object({
    produces: z.enum(['draft', 'classification', 'recommendation']),
    /** What the assistant is asked to do, in plain words. */
    instructions: z.string().min(1),
    /** Draft template; `{{path}}` is replaced by the instance data at that path. */
    template: z.string().optional(),
    /** The classes of a classification, or the options of a recommendation. */
    labels: z.array(z.string().min(1)).optional(),
    /** The form field the suggestion fills in. */
    field: Id,
    /**
     * The item's fields the assistant may read (dotted paths); everything else is withheld from
     * every provider. Left out: the fields the draft template names.
     */
    sees: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a field path like "customer.email"')
          .max(200),
      )
      .max(100)
      .optional(),
  })
  .strict()
export type AssistantTask = z.infer<typeof AssistantTask>

export const AugmentConfig = z
  .object({ assistant: AssistantTask, form: Form, autonomy: StepAutonomy.optional() })
  .strict()
export type AugmentConfig = z.infer<typeof AugmentConfig>

export const HumanConfig = z.object({ form: Form }).strict()
export type HumanConfig = z.infer<typeof HumanConfig>

/**
 * A unit of work. The config of every mode may be kept side by side so switching a step's
 * mode in the editor loses nothing; only the active mode's config is compiled.
 */
export const StepData = z
  .object({
    ...NodeBase,
    mode: StepMode,
    automate: AutomateConfig.optional(),
    augment: AugmentConfig.optional(),
    human: HumanConfig.optional(),
    sla: Sla.optional(),
    facts: CurrentStateFacts.optional(),
    /** Where the step's result goes in the instance data; by default an object result is merged in. */
    saveAs: Id.optional(),
    /** Optional JSONata over `{ data, result }` that reshapes the result before it is saved. */
    output: Expression.optional(),
    /**
     * The instance-data fields a person working this step is shown, as paths (`amount`,
     * `approval.note`); by default the trigger's inputs and the answers of earlier forms.
     */
    caseFields: z.array(z.string().min(1).max(200)).max(100).optional(),
    /** Who does the work by hand while the step's outside service or assistant cannot. */
    fallback: StepFallback.optional(),
  })
  .strict()
export type StepData = z.infer<typeof StepData>
