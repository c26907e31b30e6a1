import { compileDocument } from '@conveyor/shared/compiler/index'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { SimulationDriver } from './simulation-driver'

const leadToCustomer = () => new SimulationDriver(compileDocument(exampleDocument('lead-to-customer')))
const lead = { leadEmail: 'a@example.com', fullName: 'Ada', company: 'Acme', interest: 'demo' }
const orderToCash = () => new SimulationDriver(compileDocument(exampleDocument('order-to-cash')))
const input = {
  orderId: 'A-1',
  customerId: 'C-1',
  customerEmail: 'a@example.com',
  amount: 100,
  currency: 'EUR',
  paymentTerms: 'net30',
  creditLimit: 500,
}

describe('simulating a workflow in the browser', () => {
  it('moves through triggers by itself and stops at the first step that needs someone', () => {
    const driver = orderToCash()
    driver.start('order-received', input)
    expect(driver.pending()).toEqual([
      expect.objectContaining({ kind: 'automated', nodeId: 'normalise-order' }),
    ])
    expect(driver.overlay()).toMatchObject({
      'order-received': { status: 'visited' },
      'normalise-order': { status: 'active' },
    })
  })

  it('takes the branch the person picks at a decision and marks the path', () => {
    const driver = orderToCash()
    driver.start('order-received', input)
    driver.complete('normalise-order')
    const decision = driver.pending()[0]
    expect(decision).toMatchObject({ kind: 'decision', nodeId: 'credit-check' })
    driver.decide('credit-check', 'over-limit')
    expect(driver.pending()).toEqual([
      expect.objectContaining({ kind: 'form', nodeId: 'review-credit', mode: 'human' }),
    ])
    expect(driver.overlay()['review-credit']).toEqual({ status: 'waiting', badges: [] })
    expect(driver.overlay()['credit-check']?.status).toBe('visited')
  })

  it('offers the exception paths a step has, and follows one to its end', () => {
    const driver = orderToCash()
    driver.start('order-received', input)
    driver.complete('normalise-order')
    driver.decide('credit-check', 'over-limit')
    const review = driver.pending()[0]!
    expect(review.kind).toBe('form')
    const rejection =
      review.kind === 'form' ? review.outcomes.find((outcome) => outcome.on === 'rejection') : undefined
    expect(rejection, 'review-credit has a rejection exception').toBeDefined()
    driver.takeOutcome(rejection!)
    for (let guard = 0; guard < 10 && !driver.done; guard++) {
      const work = driver.pending()[0]
      if (!work) break
      driver.complete(work.nodeId)
    }
    expect(driver.done).toBe(true)
    expect(driver.overlay()['credit-declined']?.status).toBe('visited')
    expect(driver.log[0]).toBe('Started by Order placed in web shop')
  })

  it('takes the branch a rule decision says on the input entered, without asking', () => {
    const driver = leadToCustomer()
    driver.start('demo-requested', { ...lead, employees: 250 })
    driver.complete('enrich-lead')
    driver.complete('score-lead')
    expect(driver.pending()).toEqual([expect.objectContaining({ kind: 'form', nodeId: 'discovery-call' })])
    expect(driver.log).toContain('Sales-ready?: Qualified (employees >= 50 holds)')
  })

  it('follows the rules on data steps added, and a branch without a condition when none holds', () => {
    const driver = leadToCustomer()
    driver.start('demo-requested', { ...lead, employees: 250 })
    driver.complete('enrich-lead', { employees: 12 })
    driver.complete('score-lead')
    expect(driver.done).toBe(true)
    expect(driver.overlay()['back-to-nurture']?.status).toBe('visited')
    expect(driver.log.at(-1)).toBe('Sales-ready?: Not a fit yet (it has no condition)')
  })

  it('asks which way, saying why, where a condition is code or cannot be worked out', () => {
    const driver = orderToCash()
    driver.start('order-received', input)
    driver.complete('normalise-order')
    expect(driver.pending()[0]).toMatchObject({
      kind: 'decision',
      nodeId: 'credit-check',
      reason: 'The condition of “Within credit limit” is code the simulator does not run.',
    })
    const unknown = leadToCustomer()
    unknown.start('demo-requested', { ...lead, employees: 'many' })
    unknown.complete('enrich-lead')
    unknown.complete('score-lead')
    expect(unknown.pending()[0]).toMatchObject({
      kind: 'decision',
      nodeId: 'qualify',
      reason: 'The condition of “Qualified” cannot be worked out on this data.',
    })
  })
})
