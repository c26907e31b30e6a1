import type { APIRequestContext } from '@playwright/test'
import { expectNoAxeViolations } from '../fixtures/accessibility'
import { expect, test } from '../fixtures/test'

// axe-core over the whole editor takes tens of seconds on a busy two-core machine.
test.describe.configure({ timeout: 120_000 })

const at = (x: number, y: number) => ({ x, y })

/** A refund request decided by the amount, whose "Yes" branch has no condition yet. */
function refundDocument(id: string) {
  return {
    schemaVersion: 1,
    id,
    name: `Refunds ${id}`,
    nodes: [
      {
        id: 'refund-requested',
        type: 'trigger',
        position: at(40, 120),
        data: {
          label: 'Refund requested',
          start: { kind: 'manual' },
          input: {
            fields: [
              { id: 'orderNumber', label: 'Order number', type: 'text', required: true },
              { id: 'amount', label: 'Amount', type: 'number', required: true },
            ],
          },
        },
      },
      {
        id: 'amount-over-100',
        type: 'decision',
        position: at(300, 120),
        data: {
          label: 'Amount over 100?',
          decidedBy: 'rule',
          branches: [
            { id: 'yes', label: 'Yes' },
            { id: 'no', label: 'No' },
          ],
          defaultBranch: 'no',
        },
      },
      {
        id: 'approval',
        type: 'end',
        position: at(560, 40),
        data: { label: 'Sent for approval', outcome: 'completed' },
      },
      {
        id: 'refunded',
        type: 'end',
        position: at(560, 220),
        data: { label: 'Refunded at once', outcome: 'completed' },
      },
    ],
    edges: [
      { id: 'e-start', source: 'refund-requested', target: 'amount-over-100' },
      { id: 'e-yes', source: 'amount-over-100', sourceHandle: 'yes', target: 'approval' },
      { id: 'e-no', source: 'amount-over-100', sourceHandle: 'no', target: 'refunded' },
    ],
  }
}

async function storedCondition(api: APIRequestContext, id: string): Promise<string | undefined> {
  const { document } = (await (await api.get(`/api/workflows/${id}`)).json()) as {
    document: { nodes: Array<{ id: string; data: { branches?: Array<{ id: string; condition?: string }> } }> }
  }
  const decision = document.nodes.find((node) => node.id === 'amount-over-100')
  return decision?.data.branches?.find((branch) => branch.id === 'yes')?.condition
}

test('a manager builds "Amount over 100?" as a rule, and the simulator follows it without asking', async ({
  page,
  api,
  editor,
}) => {
  const created = await api.post('/api/workflows', {
    data: { document: refundDocument(`refunds-${Date.now()}`) },
  })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await page.goto(`/workflows/${encodeURIComponent(id)}`)
  await editor.waitUntilOpen()

  await editor.node('Amount over 100?').click()
  const inspector = await editor.openTab('Inspect')
  const rule = inspector.getByRole('group', { name: 'Condition for Yes' })
  await rule.getByRole('combobox', { name: 'Field' }).selectOption({ label: 'Amount' })
  await rule.getByRole('combobox', { name: 'Operator' }).selectOption({ label: 'is more than' })
  await rule.getByRole('spinbutton', { name: 'Value' }).fill('100')
  await rule.getByRole('spinbutton', { name: 'Value' }).press('Enter')
  await expect(rule).toContainText('Written as amount > 100')
  await expect
    .poll(() => storedCondition(api, id), { message: 'the condition is saved' })
    .toBe('amount > 100')
  await expectNoAxeViolations(page, 'the rule builder')

  const simulate = await editor.openTab('Simulate')
  await simulate.getByRole('textbox', { name: /Order number/ }).fill('R-1042')
  await simulate.getByRole('spinbutton', { name: /Amount/ }).fill('250')
  await simulate.getByRole('button', { name: 'Start simulation' }).click()
  await expect(simulate.getByRole('status')).toHaveText(/The instance ended: completed/)
  await expect(simulate.getByRole('listitem').filter({ hasText: 'Amount over 100?: Yes' })).toHaveText(
    'Amount over 100?: Yes (amount > 100 holds)',
  )
  await expect(simulate.getByRole('region', { name: 'Now at Amount over 100?' })).toHaveCount(0)
  await expect(editor.node('Sent for approval')).toBeVisible()
})
