import type { Scenario } from './drive'

const order = {
  orderId: 'SO-10231',
  customerId: 'c-4471',
  customerEmail: 'buyer@acme.example',
  currency: 'EUR',
}
const ticket = {
  ticketId: 'T-88120',
  customerName: 'Dana Reyes',
  customerEmail: 'dana@northwind.example',
  subject: 'Export to CSV fails',
  message: 'Since this morning the CSV export stops at 10%.',
}
const invoice = {
  invoiceId: 'INV-2026-0415',
  supplierId: 'SUP-0193',
  poNumber: 'PO-77120',
  currency: 'EUR',
  documentUrl: 'https://files.example.com/invoices/INV-2026-0415.pdf',
}
const extracted = { invoiceDate: '2026-11-20', dueDate: '2026-12-20', netAmount: 1008.4, taxAmount: 191.6 }
const request = {
  requesterEmail: 'sam.okafor@corp.example',
  summary: 'Laptop screen flickers',
  urgency: 'normal',
}
const lead = {
  leadEmail: 'mia.chen@globex.example',
  fullName: 'Mia Chen',
  company: 'Globex',
  interest: 'compliance',
}
const booked = {
  'create-invoice': { invoiceNumber: 'INV-55012' },
  'reserve-stock': { reservationId: 'RES-9001' },
}

/** At least two paths through every example, from a trigger to an end. */
export const scenarios: Record<string, Scenario[]> = {
  'order-to-cash': [
    {
      name: 'prepaid web order, paid on time',
      trigger: 'order-received',
      input: { ...order, amount: 1840.5, paymentTerms: 'prepaid', creditLimit: 0 },
      results: { ...booked, 'check-payment': { paid: true } },
      end: 'cash-collected',
      outcome: 'completed',
    },
    {
      name: 'phone order over the limit, credit declined',
      trigger: 'phone-order',
      input: { ...order, amount: 48_000, paymentTerms: 'net60', creditLimit: 20_000 },
      failures: { 'review-credit': 'rejection' },
      end: 'order-declined',
      outcome: 'rejected',
    },
    {
      name: 'limit raised, ERP down, paid after a reminder',
      trigger: 'order-received',
      input: { ...order, amount: 25_000, paymentTerms: 'net30', creditLimit: 20_000 },
      results: {
        ...booked,
        'review-credit': { approvedLimit: 30_000, creditNote: 'Twelve years of on-time payment.' },
        'reserve-by-hand': { reservationId: 'RES-M-17', shipDate: '2026-12-02' },
        'check-payment': { paid: false },
        'dunning-call': { callOutcome: 'promised', promisedDate: '2026-12-20' },
      },
      failures: { 'reserve-stock': 'error' },
      end: 'collected-after-reminder',
      outcome: 'completed',
    },
  ],
  'ticket-to-resolution': [
    {
      name: 'spam closed',
      trigger: 'ticket-created',
      input: { ...ticket, plan: 'free' },
      results: { 'classify-ticket': { category: 'spam', priority: 'low' } },
      end: 'closed-as-spam',
      outcome: 'cancelled',
    },
    {
      name: 'urgent enterprise chat, investigated, reply reworked once',
      trigger: 'chat-handover',
      input: { ...ticket, plan: 'enterprise' },
      results: {
        'classify-ticket': { category: 'account', priority: 'urgent' },
        investigate: { rootCause: 'Export job hits the 10k row limit.', workaround: 'Export by month.' },
        'draft-reply': [
          { reply: 'Please export by month.' },
          { reply: 'Fixed: exports of any size work now.' },
        ],
      },
      choices: { 'confirm-resolved': ['reopened', 'resolved'] },
      end: 'ticket-resolved',
      outcome: 'completed',
    },
    {
      name: 'helpdesk down, reply sent by hand',
      trigger: 'ticket-created',
      input: { ...ticket, plan: 'pro' },
      results: {
        'classify-ticket': { category: 'billing', priority: 'normal' },
        'draft-reply': { reply: 'Your refund is on its way.' },
        'send-by-hand': { sentVia: 'e-mail' },
      },
      failures: { 'send-reply': 'error' },
      choices: { 'confirm-resolved': ['resolved'] },
      end: 'ticket-resolved',
      outcome: 'completed',
    },
  ],
  'invoice-intake': [
    {
      name: 'small matched invoice, touchless',
      trigger: 'invoice-received',
      input: { ...invoice, amount: 1200 },
      results: {
        'extract-fields': extracted,
        'check-duplicate': { duplicate: false },
        'three-way-match': { matchStatus: 'matched', variance: 0 },
        'post-invoice': { documentNumber: '5100023145' },
      },
      end: 'invoice-paid',
      outcome: 'completed',
    },
    {
      name: 'unreadable paper invoice keyed in, found to be a duplicate',
      trigger: 'paper-invoice',
      input: { ...invoice, amount: 1200 },
      results: { 'key-in-invoice': extracted, 'check-duplicate': { duplicate: true } },
      failures: { 'extract-fields': 'error' },
      end: 'duplicate-discarded',
      outcome: 'cancelled',
    },
    {
      name: 'large invoice, mismatch fixed, approval overdue and escalated',
      trigger: 'invoice-received',
      input: { ...invoice, amount: 12_400 },
      results: {
        'extract-fields': extracted,
        'check-duplicate': { duplicate: false },
        'three-way-match': [
          { matchStatus: 'quantity-mismatch', variance: 0.08 },
          { matchStatus: 'matched', variance: 0 },
        ],
        'resolve-mismatch': { resolution: 'goods receipt posted' },
        'manager-approval': { costCenter: 'CC-4100', approvalNote: 'Budget owner on leave.' },
      },
      failures: { 'approve-invoice': 'timeout' },
      end: 'invoice-paid',
      outcome: 'completed',
    },
    {
      name: 'approval refused, returned to supplier',
      trigger: 'invoice-received',
      input: { ...invoice, amount: 9000 },
      results: {
        'extract-fields': extracted,
        'check-duplicate': { duplicate: false },
        'three-way-match': { matchStatus: 'matched', variance: 0 },
      },
      failures: { 'approve-invoice': 'rejection' },
      end: 'returned-to-supplier',
      outcome: 'rejected',
    },
    {
      name: 'mismatch the clerk cannot fix, returned to supplier',
      trigger: 'invoice-received',
      input: { ...invoice, amount: 700 },
      results: {
        'extract-fields': extracted,
        'check-duplicate': { duplicate: false },
        'three-way-match': { matchStatus: 'price-mismatch', variance: 0.2 },
      },
      failures: { 'resolve-mismatch': 'rejection' },
      end: 'returned-to-supplier',
      outcome: 'rejected',
    },
  ],
  'it-hr-triage': [
    {
      name: 'hardware request, IT misses its SLA, the lead takes over',
      trigger: 'request-submitted',
      input: request,
      results: {
        'classify-request': { category: 'hardware' },
        'lead-escalation': { escalationAction: 'expedited', resolution: 'Loan laptop issued.' },
      },
      choices: { 'route-request': ['it'] },
      failures: { 'it-fulfil': 'timeout' },
      end: 'request-fulfilled',
      outcome: 'completed',
    },
    {
      name: 'new joiner question answered by HR',
      trigger: 'new-joiner',
      input: { ...request, summary: 'Parental leave for new joiners', urgency: 'low' },
      results: {
        'classify-request': { category: 'leave' },
        'hr-answer': { answer: 'Leave applies from day one (policy 4.2).', confidential: false },
      },
      choices: { 'route-request': ['hr'] },
      end: 'request-fulfilled',
      outcome: 'completed',
    },
    {
      name: 'monthly access review done at the desk',
      trigger: 'access-review',
      results: {
        'classify-request': { category: 'access' },
        'desk-resolve': { resolution: 'Three leaver accounts disabled.' },
      },
      choices: { 'route-request': ['desk'] },
      end: 'request-fulfilled',
      outcome: 'completed',
    },
  ],
  'lead-to-customer': [
    {
      name: 'small company back to nurture',
      trigger: 'demo-requested',
      input: { ...lead, employees: 12 },
      results: { 'enrich-lead': { industry: 'Retail', annualRevenue: 1_200_000 } },
      end: 'back-to-nurture',
      outcome: 'rejected',
    },
    {
      name: 'proposal reworked once, contract and setup in parallel, live',
      trigger: 'lead-entered',
      input: { ...lead, employees: 400 },
      results: {
        'enrich-lead': { industry: 'Logistics', annualRevenue: 90_000_000 },
        'discovery-call': { seats: 150, needs: 'Audit trail for customs filings.', budgetConfirmed: true },
        'draft-proposal': [{ proposal: 'First draft' }, { proposal: 'Second draft', discountPercent: 10 }],
        'prepare-contract': { contractUrl: 'https://docs.example.com/contracts/globex' },
        'send-for-signature': { envelopeId: 'ENV-311' },
        'provision-tenant': { tenantId: 't-globex', tenantUrl: 'https://globex.app.example.com' },
        kickoff: { kickoffDate: '2026-12-07', successPlan: 'Customs audit live by January.' },
      },
      choices: { 'customer-review': ['changes', 'accepted'] },
      end: 'live-customer',
      outcome: 'completed',
    },
    {
      name: 'customer goes elsewhere',
      trigger: 'demo-requested',
      input: { ...lead, employees: 800 },
      results: {
        'enrich-lead': { industry: 'Energy', annualRevenue: 300_000_000 },
        'discovery-call': { seats: 40, needs: 'Reporting.' },
        'draft-proposal': { proposal: 'Draft' },
      },
      choices: { 'customer-review': ['lost'] },
      end: 'deal-lost',
      outcome: 'rejected',
    },
  ],
}
