import { compileDocument, validateDocument } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { examples } from './index'
import { play } from './testing/drive'
import { scenarios } from './testing/scenarios'

describe.each(examples)('$slug', ({ slug, document }) => {
  const compiled = compileDocument(document)
  const paths = scenarios[slug] ?? []

  it('validates with no errors, warnings or notes', () => {
    expect(validateDocument(document).diagnostics).toEqual([])
  })

  it('has at least two scenarios through different branches', async () => {
    const routes = new Set<string>()
    for (const scenario of paths) routes.add((await play(compiled, scenario)).path.join(' > '))
    expect(routes.size).toBeGreaterThanOrEqual(2)
  })

  it.each(paths)('runs from trigger to end: $name', async (scenario) => {
    const played = await play(compiled, scenario)
    expect(played.path[0]).toBe(scenario.trigger)
    expect(played.finalNode).toBe(scenario.end)
    expect(played.outcome).toBe(scenario.outcome)
  })

  it('visits every node across its scenarios', async () => {
    const visited = new Set<string>()
    for (const scenario of paths) for (const id of (await play(compiled, scenario)).path) visited.add(id)
    expect(document.nodes.map((node) => node.id).filter((id) => !visited.has(id))).toEqual([])
  })
})

describe('what the scenarios show', () => {
  const run = (slug: string, name: string) => {
    const example = examples.find((candidate) => candidate.slug === slug)!
    const scenario = scenarios[slug]!.find((candidate) => candidate.name === name)!
    return play(compileDocument(example.document), scenario)
  }

  it('a reopened ticket goes back to the reply', async () => {
    const played = await run(
      'ticket-to-resolution',
      'urgent enterprise chat, investigated, reply reworked once',
    )
    expect(played.path.filter((id) => id === 'draft-reply')).toHaveLength(2)
    expect(played.path).toContain('investigate')
    expect(played.data.reply).toBe('Fixed: exports of any size work now.')
  })

  it('a fixed mismatch goes through the three-way match again', async () => {
    const played = await run(
      'invoice-intake',
      'large invoice, mismatch fixed, approval overdue and escalated',
    )
    expect(played.path.filter((id) => id === 'three-way-match')).toHaveLength(2)
    expect(played.path).toEqual(expect.arrayContaining(['approval-overdue', 'manager-approval']))
  })

  it('the transforms compute from the data they are given', async () => {
    const order = await run('order-to-cash', 'prepaid web order, paid on time')
    expect(order.data).toMatchObject({ customerRef: 'C-4471', amountDue: 1840.5 })
    const lead = await run('lead-to-customer', 'proposal reworked once, contract and setup in parallel, live')
    expect(lead.data).toMatchObject({ segment: 'mid-market', leadScore: 80 })
    expect(lead.data.welcomeMessage).toContain('https://globex.app.example.com')
    const request = await run('it-hr-triage', 'new joiner question answered by HR')
    expect(request.data.notification).toBe(
      'Your request "Parental leave for new joiners" is done: Leave applies from day one (policy 4.2).',
    )
  })

  it('contract and provisioning run side by side before the kickoff', async () => {
    const played = await run(
      'lead-to-customer',
      'proposal reworked once, contract and setup in parallel, live',
    )
    const kickoff = played.path.indexOf('kickoff')
    for (const id of [
      'prepare-contract',
      'send-for-signature',
      'provision-tenant',
      'welcome-pack',
      'ready-to-launch',
    ]) {
      expect(played.path.indexOf(id)).toBeGreaterThan(-1)
      expect(played.path.indexOf(id)).toBeLessThan(kickoff)
    }
  })
})
