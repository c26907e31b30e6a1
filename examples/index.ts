import { WorkflowDocument } from '@conveyor/shared'
import invoiceIntake from './invoice-intake/workflow.json' with { type: 'json' }
import itHrTriage from './it-hr-triage/workflow.json' with { type: 'json' }
import leadToCustomer from './lead-to-customer/workflow.json' with { type: 'json' }
import orderToCash from './order-to-cash/workflow.json' with { type: 'json' }
import ticketToResolution from './ticket-to-resolution/workflow.json' with { type: 'json' }

export interface Example {
  /** The folder name, also the document id. */
  slug: string
  title: string
  summary: string
  document: WorkflowDocument
}

function example(slug: string, title: string, summary: string, json: unknown): Example {
  const parsed = WorkflowDocument.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`examples/${slug}/workflow.json is not a valid workflow document:\n${issues.join('\n')}`)
  }
  return { slug, title, summary, document: parsed.data }
}

/** Real value streams, used as the app's templates, seeded on first start and driven by e2e. */
export const examples: readonly Example[] = [
  example(
    'order-to-cash',
    'Order to cash',
    'Orders from web shop and phone through credit check, stock reservation, invoicing and payment collection.',
    orderToCash,
  ),
  example(
    'ticket-to-resolution',
    'Ticket to resolution',
    'Support tickets classified and answered with assistant drafts that agents review, with a tier-2 route.',
    ticketToResolution,
  ),
  example(
    'invoice-intake',
    'Invoice intake and AP approval',
    'Supplier invoices read by OCR, three-way matched, approved above €5,000, posted and paid.',
    invoiceIntake,
  ),
  example(
    'it-hr-triage',
    'IT and HR request triage',
    'Employee requests classified by an assistant, routed on its confirmed recommendation, escalated on SLA breach.',
    itHrTriage,
  ),
  example(
    'lead-to-customer',
    'Lead to live customer',
    'Leads scored and qualified, proposals reworked until accepted, then contract and setup in parallel.',
    leadToCustomer,
  ),
]
