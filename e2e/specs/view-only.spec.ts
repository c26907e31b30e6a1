import type { WebSocketRoute } from '@playwright/test'
import { Collaborator, openTogether } from '../fixtures/collaborator'
import { expect, test } from '../fixtures/test'

test.describe.configure({ timeout: 120_000 })

let ed: Collaborator
let vera: Collaborator
let workflowId: string

test.beforeEach(async ({ browser, api }) => {
  ;({
    workflowId,
    collaborators: [ed, vera],
  } = await openTogether(browser, api, { name: `Stock check ${Date.now()}` }, [
    { name: 'ed.editor' },
    { name: 'vera.viewer', role: 'viewer' },
  ]))
})

test.afterEach(async () => {
  await ed.close()
  await vera.close()
})

test('a viewer looks at a workflow as it is edited, and nothing they try changes it', async ({ api }) => {
  // The viewer is told why they cannot edit, and is offered nothing that would.
  await expect(vera.viewOnlyBanner).toContainText('Your role is viewer')
  await expect(ed.viewOnlyBanner).toHaveCount(0)
  await expect(vera.editor.palette).toHaveCount(0)
  for (const name of ['Undo', 'Redo', 'Auto-layout', 'Add lane', 'Deploy'])
    await expect(vera.editor.toolbar.getByRole('button', { name })).toHaveCount(0)
  await expect(vera.editor.toolbar.getByRole('button', { name: 'Fit view' })).toBeEnabled()

  // What the editor draws reaches the viewer live, and each sees the other.
  await ed.editor.drawNode('trigger', { x: 120, y: 100 }, 'Order received')
  await ed.editor.drawNode('step', { x: 380, y: 100 }, 'Check stock')
  await ed.editor.connect(
    ed.editor.outputHandle(ed.editor.node('Order received')),
    ed.editor.node('Check stock'),
  )
  await expect(vera.editor.edge('Order received', 'Check stock')).toHaveCount(1)
  await expect(vera.others.getByText('ed.editor')).toBeAttached()
  await expect(ed.others.getByText('vera.viewer')).toBeAttached()
  const drawn = await ed.diagram()
  await expect.poll(() => vera.diagram()).toEqual(drawn)

  // The viewer can select and inspect: the editor sees the selection, the values are shown locked.
  const step = vera.editor.node('Check stock')
  await step.click()
  await expect(ed.editor.node('Check stock').getByText('Selected by vera.viewer')).toBeVisible()
  const inspector = await vera.editor.openTab('Inspect')
  const name = inspector.getByRole('textbox', { name: 'Name', exact: true })
  await expect(name).toHaveValue('Check stock')
  await expect(name).toBeDisabled()
  await expect(inspector.getByRole('button', { name: 'Delete Check stock' })).toBeDisabled()
  await expect(step.getByRole('button', { name: /^Mode: / })).toHaveCount(0)

  // Everything that would change the diagram does nothing: dragging, keys, typing.
  const box = await step.boundingBox()
  await vera.page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2)
  await vera.page.mouse.down()
  await vera.page.mouse.move(box!.x + box!.width / 2 + 150, box!.y + 200, { steps: 10 })
  await vera.page.mouse.up()
  await step.click()
  for (const key of ['Delete', 'Backspace', 'Control+C', 'Control+V', 'Control+Z', 'Control+Shift+Z'])
    await vera.page.keyboard.press(key)
  await name.click({ force: true })
  await vera.page.keyboard.type('Hacked')
  await vera.page.keyboard.press('Enter')
  await expect(name).toHaveValue('Check stock')
  expect(await vera.diagram()).toEqual(drawn)
  expect(await ed.diagram()).toEqual(drawn)

  // The editor keeps editing; the viewer follows, and the two diagrams stay one.
  await ed.editor.node('Check stock').click()
  await ed.editor.rename('Check stock level')
  await expect(vera.editor.node('Check stock level')).toBeVisible()
  await expect(name).toHaveValue('Check stock level')
  await vera.expectSameDiagramAs(ed)

  // Nothing the viewer tried reached the editor or the stored workflow.
  await expect
    .poll(async () => {
      const body = (await (await api.get(`/api/workflows/${workflowId}`)).json()) as {
        document: { nodes: Array<{ data: { label: string } }>; edges: unknown[] }
      }
      return {
        labels: body.document.nodes.map((node) => node.data.label).sort(),
        edges: body.document.edges.length,
      }
    })
    .toEqual({ labels: ['Check stock level', 'Order received'], edges: 1 })
  expect(vera.savesByPut).toEqual([])
})

test('a viewer follows the runs but is not offered starting one', async () => {
  const runs = await vera.editor.openTab('Runs')
  await expect(runs.getByText('Starting an instance needs the editor role')).toBeVisible()
  await expect(runs.getByRole('form', { name: 'Start instance' })).toHaveCount(0)
  await expect((await ed.editor.openTab('Runs')).getByRole('form', { name: 'Start instance' })).toBeVisible()
})

test('a viewer browses the workflows without being offered changes to them', async () => {
  await vera.page.goto('/')
  await expect(vera.page.getByRole('link', { name: /^Stock check/ }).first()).toBeVisible()
  await expect(vera.page.getByRole('note')).toContainText('needs the editor role')
  await expect(vera.page.getByRole('button', { name: /^(Duplicate|Delete) / })).toHaveCount(0)
  await expect(vera.page.getByRole('heading', { name: 'Start a workflow' })).toHaveCount(0)

  await ed.page.goto('/')
  await expect(ed.page.getByRole('heading', { name: 'Start a workflow' })).toBeVisible()
  await expect(ed.page.getByRole('button', { name: /^Delete Stock check/ }).first()).toBeVisible()
})

test('a viewer whose first connection is slow still ends up following the live workflow', async ({
  browser,
  api,
}) => {
  const created = await api.post('/api/workflows', {
    data: { fromExample: 'order-to-cash', id: `viewed-orders-${Date.now()}` },
  })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await ed.open(id)
  const late = await Collaborator.signIn(browser, api, 'lee.late', 'viewer')
  // The first connection answers nothing for 4 s, longer than the page waits for an editor's
  // (2.5 s), then drops; the next one reaches the runtime. The page's clock is moved on those 4 s
  // instead of the test waiting them, so a busy machine cannot change the order of events.
  const held: WebSocketRoute[] = []
  await late.context.routeWebSocket(/\/collab\//, (socket) => {
    if (held.length > 0) return void socket.connectToServer()
    socket.onMessage(() => {})
    held.push(socket)
  })
  await late.page.clock.install()
  const opening = late.open(id)
  await expect.poll(() => held.length, { message: 'the page opens its first connection' }).toBe(1)
  await late.page.clock.fastForward(4_000)
  await held[0]!.close({ code: 1011, reason: 'slow' })
  await opening
  await expect(late.connection('Live')).toBeVisible()
  await expect(late.viewOnlyBanner).not.toContainText('could not be reached')

  // Every node moves; the viewer's diagram follows all of them. Fit view keeps names readable,
  // so it shows only part of this diagram: zoomed out as far as it goes, every node is drawn.
  const fitted = async (person: Collaborator) => {
    const zoomOut = person.page.getByRole('button', { name: 'Zoom Out' })
    while (await zoomOut.isEnabled()) await zoomOut.click()
    return person.diagram()
  }
  const before = await fitted(ed)
  await ed.editor.toolbar.getByRole('button', { name: 'Auto-layout' }).click()
  // The first layout loads its engine (1.4 MB of script): on a busy machine, allow it more than 10 s.
  await expect
    .poll(
      async () => {
        const [edits, sees] = [JSON.stringify(await fitted(ed)), JSON.stringify(await fitted(late))]
        return { moved: edits !== JSON.stringify(before), same: edits === sees }
      },
      { timeout: 30_000 },
    )
    .toEqual({ moved: true, same: true })
  await late.close()
})

test('a viewer the live workflow refuses sees the stored copy, and is told so', async ({ browser, api }) => {
  await ed.editor.drawNode('trigger', { x: 120, y: 100 }, 'Order received')
  await expect
    .poll(async () => JSON.stringify(await (await api.get(`/api/workflows/${workflowId}`)).json()))
    .toContain('Order received')
  const shut = await Collaborator.signIn(browser, api, 'sam.shut', 'viewer')
  await shut.context.routeWebSocket(/\/collab\//, (socket) => {
    // Refused as soon as the page has spoken, as the runtime refuses a person without access.
    socket.onMessage(() => void socket.close({ code: 4403, reason: 'no access' }))
  })
  await shut.open(workflowId)
  await expect(shut.viewOnlyBanner).toContainText('this is the copy stored when you opened it')
  await expect(shut.editor.node('Order received')).toBeVisible()
  await expect(shut.editor.toolbar.getByRole('status', { name: /^Collaboration:/ })).toHaveCount(0)
  await shut.close()
})
