import { compileDocument } from '@conveyor/shared/compiler/index'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { SimulationDriver } from './simulation-driver'

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
})
