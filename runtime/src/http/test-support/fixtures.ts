/** A phone order over its credit limit: it stops at the human "Review credit" step. */
export const orderOverLimit = {
  trigger: 'phone-order',
  input: {
    orderId: 'SO-1001',
    customerId: 'acme',
    customerEmail: 'buyer@acme.test',
    amount: 12_500,
    currency: 'EUR',
    paymentTerms: 'net30',
    creditLimit: 5_000,
  },
}
