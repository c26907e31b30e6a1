import { exampleDocument, fieldLabel } from '../fixtures/example-document'
import { startOrderOverCreditLimit } from '../fixtures/order-over-credit'
import { expect, test } from '../fixtures/test'

const orderToCash = exampleDocument('order-to-cash')

test('a person sees the order a task is about, rejects the task and the work takes its rejection path', async ({
  page,
  api,
  inbox,
}) => {
  // Arranged through the API: order to cash, deployed, with an order over its credit limit.
  const instanceId = await startOrderOverCreditLimit(api)

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
    const detail = (await (await api.get(`/api/instances/${instanceId}`)).json()) as {
      history: Array<{ nodeId?: string }>
    }
    expect(detail.history.map((entry) => entry.nodeId)).toContain('credit-declined')
  }).toPass({ timeout: 10_000 })
})
