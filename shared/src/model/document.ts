import { z } from 'zod'
import { CircuitBreaker } from '../kinds/step/fallback'
import { Id } from './common'
import { WorkflowEdge } from './edge'
import { WorkflowNode } from './node'

export const currentSchemaVersion = 1 as const

export const Lane = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    kind: z.enum(['role', 'team', 'system']).default('role'),
    description: z.string().optional(),
  })
  .strict()
export type Lane = z.infer<typeof Lane>

export const Target = z
  .object({
    /** e.g. "cost per order", "cycle time", "automation coverage". */
    metric: z.string().min(1),
    /** e.g. "cut 10–15%", "under 2 days". */
    goal: z.string().min(1),
  })
  .strict()
export type Target = z.infer<typeof Target>

/** The currency of a workflow's costs when its document names none (the examples' costs are in euros). */
export const defaultCurrency = 'EUR'

/** An ISO 4217 currency code, as the runtime's Intl knows them (EUR, USD, GBP, …). */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code: three capital letters such as EUR')
  .refine(
    (code) =>
      typeof Intl.supportedValuesOf !== 'function' || Intl.supportedValuesOf('currency').includes(code),
    'is not an ISO 4217 currency code (such as EUR, USD or GBP)',
  )

export const WorkflowDocument = z
  .object({
    schemaVersion: z.literal(currentSchemaVersion),
    id: Id,
    name: z.string().min(1).max(200),
    description: z.string().max(10_000).optional(),
    owner: z.string().max(200).optional(),
    valueStream: z.string().max(200).optional(),
    targets: z.array(Target).default([]),
    lanes: z.array(Lane).default([]),
    /**
     * Whether a deploy waits for a second person's approval (four eyes). Left out, it follows
     * what the workflow does: on when a step calls a service outside the runtime (see
     * `deploysNeedApproval`).
     */
    deploysNeedApproval: z.boolean().optional(),
    nodes: z.array(WorkflowNode),
    edges: z.array(WorkflowEdge),
    /** When a step that calls an outside service or the assistant switches itself to manual. */
    circuitBreaker: CircuitBreaker.optional(),
    /** The currency every cost of the workflow is in (facts, metrics, simulations); left out, EUR. */
    currency: Currency.optional(),
  })
  .strict()
export type WorkflowDocument = z.infer<typeof WorkflowDocument>

/** The currency a workflow's costs are in. */
export function currencyOf(document: Pick<WorkflowDocument, 'currency'>): string {
  return document.currency ?? defaultCurrency
}
/** A document as written in a file: defaults may be left out. */
export type WorkflowDocumentInput = z.input<typeof WorkflowDocument>
