import type { Reply } from './recording-server'
import type { Scenario } from './example-driver'

const ok = (body: unknown): Reply => ({ status: 200, body })
const down: Reply = { status: 503 }

/** What the example workflows' outside systems answer when a scenario does not say otherwise. */
export const defaultReplies: Record<string, Reply> = {
  '/documents/extract': ok({
    fields: { invoiceDate: '2026-03-01', dueDate: '2026-03-31', net: 100, tax: 20 },
  }),
  '/duplicate-check': ok({ matches: 0 }),
  '/match/three-way': ok({ status: 'matched', variance: 0 }),
  '/invoices/post': ok({ documentNumber: 'D-1' }),
  '/reservations': ok({ id: 'R-1' }),
  '/api/v2/invoices': ok({ number: 'INV-1' }),
  '/payments/search': ok({ settled: true }),
  '/leads/enrich': ok({ industry: 'retail', revenue: 1_000_000 }),
  '/envelopes': ok({ envelopeId: 'E-1' }),
  '/tenants': ok({ id: 't-1', url: 'https://t-1.example' }),
}

/** Scenarios that together take every example through every node. */
export const scenarios: Record<string, Scenario[]> = {
  'order-to-cash': [
    {
      name: 'prepaid',
      trigger: 'phone-order',
      input: { paymentTerms: 'prepaid' },
      expectEnd: 'cash-collected',
    },
    {
      name: 'stock-down-unpaid',
      trigger: 'order-received',
      webhook: true,
      input: { paymentTerms: 'net30', amount: 100, creditLimit: 1000 },
      replies: { '/reservations': down, '/payments/search': ok({ settled: false }) },
      expectEnd: 'collected-after-reminder',
    },
    {
      name: 'over-limit-approved',
      trigger: 'phone-order',
      input: { paymentTerms: 'net30', amount: 5000, creditLimit: 1000 },
      expectEnd: 'cash-collected',
    },
    {
      name: 'over-limit-declined',
      trigger: 'phone-order',
      input: { paymentTerms: 'net60', amount: 5000, creditLimit: 1000 },
      tasks: { 'review-credit': { reject: true } },
      expectEnd: 'order-declined',
    },
  ],
  'ticket-to-resolution': [
    {
      name: 'spam',
      trigger: 'ticket-created',
      webhook: true,
      tasks: { 'classify-ticket': { data: { category: 'spam' } } },
      expectEnd: 'closed-as-spam',
    },
    {
      name: 'specialist-reopened',
      trigger: 'chat-handover',
      tasks: {
        'classify-ticket': { data: { category: 'technical' } },
        'confirm-resolved': [{ branch: 'reopened' }, { branch: 'resolved' }],
      },
      expectEnd: 'ticket-resolved',
    },
    {
      name: 'reply-by-hand',
      trigger: 'ticket-created',
      webhook: true,
      input: { plan: 'free' },
      replies: { '/tickets/reply': down },
      tasks: { 'classify-ticket': { data: { category: 'billing', priority: 'low' } } },
      expectEnd: 'ticket-resolved',
    },
  ],
  'invoice-intake': [
    { name: 'straight-through', trigger: 'paper-invoice', input: { amount: 100 }, expectEnd: 'invoice-paid' },
    {
      name: 'keyed-in-duplicate',
      trigger: 'invoice-received',
      webhook: true,
      replies: { '/documents/extract': down, '/duplicate-check': ok({ matches: 1 }) },
      expectEnd: 'duplicate-discarded',
    },
    {
      name: 'mismatch-fixed-approved',
      trigger: 'paper-invoice',
      input: { amount: 9000 },
      replies: { '/match/three-way': [ok({ status: 'mismatch', variance: 12 }), ok({ status: 'matched' })] },
      expectEnd: 'invoice-paid',
    },
    {
      name: 'mismatch-returned',
      trigger: 'paper-invoice',
      replies: { '/match/three-way': ok({ status: 'mismatch', variance: 12 }) },
      tasks: { 'resolve-mismatch': { reject: true } },
      expectEnd: 'returned-to-supplier',
    },
    {
      name: 'approval-rejected',
      trigger: 'paper-invoice',
      input: { amount: 9000 },
      tasks: { 'approve-invoice': { reject: true } },
      expectEnd: 'returned-to-supplier',
    },
    {
      name: 'approval-overdue',
      trigger: 'paper-invoice',
      input: { amount: 9000 },
      tasks: { 'approve-invoice': { lapse: true } },
      expectEnd: 'invoice-paid',
    },
  ],
  'it-hr-triage': [
    {
      name: 'it-overdue',
      trigger: 'request-submitted',
      tasks: {
        'classify-request': { data: { category: 'access' } },
        'route-request': { branch: 'it' },
        'it-fulfil': { lapse: true },
      },
      expectEnd: 'request-fulfilled',
    },
    {
      name: 'hr-answer',
      trigger: 'new-joiner',
      tasks: { 'classify-request': { data: { category: 'payroll' } }, 'route-request': { branch: 'hr' } },
      expectEnd: 'request-fulfilled',
    },
    {
      name: 'scheduled-desk',
      trigger: 'access-review',
      tasks: { 'classify-request': { data: { category: 'how-to' } }, 'route-request': { branch: 'desk' } },
      expectEnd: 'request-fulfilled',
    },
  ],
  'lead-to-customer': [
    { name: 'not-a-fit', trigger: 'lead-entered', input: { employees: 10 }, expectEnd: 'back-to-nurture' },
    {
      name: 'won-after-changes',
      trigger: 'demo-requested',
      webhook: true,
      input: { employees: 500 },
      tasks: { 'customer-review': [{ branch: 'changes' }, { branch: 'accepted' }] },
      expectEnd: 'live-customer',
    },
    {
      name: 'lost',
      trigger: 'lead-entered',
      input: { employees: 60 },
      tasks: { 'customer-review': { branch: 'lost' } },
      expectEnd: 'deal-lost',
    },
  ],
}
