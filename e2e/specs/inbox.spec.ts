import { exampleDocument, fieldLabel } from '../fixtures/example-document'
import { expect, test } from '../fixtures/test'

const orderToCash = exampleDocument('order-to-cash')

test('a person sees the order a task is about, rejects the task and the work takes its rejection path', async ({
  page,
  api,
  inbox,
}) => {
  // Arranged through the API: order to cash, deployed, with an order over its credit limit.
  expect((await api.post('/api/workflows/order-to-cash/deployments')).status()).toBe(201)
  const started = await api.post('/api/workflows/order-to-cash/instances', {
    data: {
      trigger: 'phone-order',
      input: {
        orderId: 'SO-1042',
        customerId: 'c-77',
        customerEmail: 'buyer@example.com',
        amount: 12_500,
        currency: 'EUR',
        paymentTerms: 'net30',
        creditLimit: 5_000,
      },
    },
  })
  expect(started.status()).toBe(201)
  const { instance } = (await started.json()) as { instance: { id: string } }

  await page.goto('/')
  await inbox.open()
  const review = await inbox.openTask('Review credit')
  // The analyst sees the order, by label and as people write it, and whose work it is, by name.
  await expect(review).toContainText('Order to cash · Credit analyst')
  const item = review.getByRole('region', { name: 'About this item' })
  await expect(item.getByRole('definition')).toHaveText([
    'SO-1042',
    'c-77',
    'buyer@example.com',
    '12,500',
    'EUR',
    'net30',
    '5,000',
  ])
  await expect(item.getByRole('term')).toHaveText(
    ['orderId', 'customerId', 'customerEmail', 'amount', 'currency', 'paymentTerms', 'creditLimit'].map(
      (id) => fieldLabel(orderToCash, 'phone-order', id),
    ),
  )
  await review.getByRole('button', { name: 'Reject task' }).click()
  await review.getByRole('alertdialog').getByRole('button', { name: 'Reject' }).click()
  await expect(review.getByRole('status')).toContainText('This task is rejected')
  await expect(inbox.tasks.getByRole('button', { name: 'Review credit' })).toHaveCount(0)

  await expect(async () => {
    const detail = (await (await api.get(`/api/instances/${instance.id}`)).json()) as {
      history: Array<{ nodeId?: string }>
    }
    expect(detail.history.map((entry) => entry.nodeId)).toContain('credit-declined')
  }).toPass({ timeout: 10_000 })
})
