import { openTogether, type Collaborator } from '../fixtures/collaborator'
import { expect, test } from '../fixtures/test'

test.describe.configure({ timeout: 120_000 })

/** A payout: its http call to a service outside the runtime makes each deploy wait for a second person. */
const payouts = (id: string) => ({
  schemaVersion: 1,
  id,
  name: 'Claim payouts',
  lanes: [],
  nodes: [
    {
      id: 'approved',
      type: 'trigger',
      position: { x: 0, y: 0 },
      data: { label: 'Claim approved', start: { kind: 'manual' } },
    },
    {
      id: 'pay-out',
      type: 'step',
      position: { x: 260, y: 0 },
      data: {
        label: 'Pay out',
        mode: 'automate',
        automate: { connector: { kind: 'http', method: 'POST', url: 'https://payouts.example.com/pay' } },
        facts: { handlingTimeMinutes: 5 },
      },
    },
    { id: 'paid', type: 'end', position: { x: 520, y: 0 }, data: { label: 'Paid', outcome: 'completed' } },
  ],
  edges: [
    { id: 'approved-pay-out', source: 'approved', target: 'pay-out' },
    { id: 'pay-out-paid', source: 'pay-out', target: 'paid' },
  ],
})

let rita: Collaborator
let bob: Collaborator
let workflowId: string

test.beforeEach(async ({ browser, api }) => {
  ;({
    workflowId,
    collaborators: [rita, bob],
  } = await openTogether(browser, api, { document: payouts(`payouts-${Date.now()}`) }, [
    { name: 'rita.requester' },
    { name: 'bob.approver' },
  ]))
})

test.afterEach(async () => {
  await rita.close()
  await bob.close()
})

test('one person asks to deploy, another sees what it changes and approves it', async ({ api }) => {
  // Rita deploys: nothing runs yet, the deploy waits for someone else.
  const n = await rita.editor.requestDeploy()
  expect(n).toBe(1)
  const ritas = await rita.editor.openTab('Deploys')
  const own = ritas.getByRole('list', { name: 'Deploy requests waiting for approval' }).getByRole('listitem')
  await expect(own.getByRole('heading', { name: 'Request 1 by rita.requester' })).toBeVisible()
  await expect(own.getByRole('button', { name: 'Approve' })).toBeDisabled()
  await expect(own.getByText('You requested this deploy; another person must approve it.')).toBeVisible()
  expect((await (await api.get(`/api/workflows/${workflowId}/deployments`)).json()).items).toEqual([])

  // Bob reads the request with its diff (a first deploy: everything is added) and approves it.
  const bobs = await bob.editor.openTab('Deploys')
  const request = bobs.getByRole('listitem').filter({
    has: bob.page.getByRole('heading', { name: 'Request 1 by rita.requester' }),
  })
  const changes = request.getByRole('list', { name: 'Changes in request 1' })
  await expect(changes.getByRole('listitem')).toHaveText([
    "Added trigger 'Claim approved'",
    "Added step 'Pay out'",
    "Added end 'Paid'",
  ])
  await request.getByRole('button', { name: 'Approve' }).click()
  await expect(bobs.getByRole('status')).toHaveText('Approved request 1: version 1 is now current')

  // The version is current: deployed by Bob, and Rita's list shows the request decided.
  const deployments = (await (await api.get(`/api/workflows/${workflowId}/deployments`)).json()) as {
    items: Array<{ version: number; deployedBy: string }>
  }
  expect(deployments.items).toEqual([
    expect.objectContaining({ version: 1, deployedBy: 'user:bob.approver' }),
  ])
  await expect(ritas.getByRole('list', { name: 'Decided deploy requests' })).toContainText(
    `approved by bob.approver → ${workflowId}@1`,
  )
  await expect(ritas.getByText('No deploy is waiting for approval.')).toBeVisible()
})
