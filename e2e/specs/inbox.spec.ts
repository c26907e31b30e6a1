import { expect, test } from '../fixtures/test'

test('a person rejects a task and the work takes its rejection path', async ({ page, api, inbox }) => {
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
