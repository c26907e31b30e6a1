// @vitest-environment jsdom
import type { DeploymentRequest } from '@conveyor/shared/protocol/api'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DeployRequestCard } from './deploy-request-card'

afterEach(cleanup)

const request: DeploymentRequest = {
  n: 2,
  workflowId: 'claims',
  state: 'pending',
  requestedBy: 'user:rita',
  requestedAt: '2026-01-31T09:30:00.000Z',
  revision: 4,
  baseDeploymentId: 'claims@1',
  diff: {
    added: [{ id: 'pay', kind: 'step', label: 'Pay out' }],
    removed: [],
    changed: [{ id: 'check', kind: 'step', label: 'Check claim', what: ['form'] }],
  },
}

const card = (props: Partial<Parameters<typeof DeployRequestCard>[0]> = {}) => {
  const onApprove = vi.fn()
  const onReject = vi.fn()
  render(
    <ul>
      <DeployRequestCard
        request={request}
        mayDecide
        busy={false}
        onApprove={onApprove}
        onReject={onReject}
        {...props}
      />
    </ul>,
  )
  return { onApprove, onReject }
}

describe('DeployRequestCard', () => {
  it('shows who asked and what the deploy changes, in words', () => {
    card()
    expect(screen.getByRole('heading', { name: 'Request 2 by rita' })).toBeTruthy()
    const changes = screen.getByRole('list', { name: 'Changes in request 2' })
    expect([...changes.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      "Added step 'Pay out'",
      "Changed 'Check claim' (form)",
    ])
  })

  it('lets someone else approve or reject, with a reason', () => {
    const { onApprove, onReject } = card()
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }))
    expect(onApprove).toHaveBeenCalledOnce()
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason (optional)' }), {
      target: { value: ' not this week ' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }))
    expect(onReject).toHaveBeenCalledWith('not this week')
  })

  it('tells the requester why they cannot approve, and lets them withdraw it', () => {
    const { onReject } = card({ cannotApprove: 'You requested this deploy; another person must approve it.' })
    const approve = screen.getByRole('button', { name: 'Approve' }) as HTMLButtonElement
    expect(approve.disabled).toBe(true)
    expect(approve.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(approve.getAttribute('aria-describedby')!)?.textContent).toBe(
      'You requested this deploy; another person must approve it.',
    )
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw' }))
    expect(onReject).toHaveBeenCalledWith('')
  })

  it('offers a viewer no decision', () => {
    card({ mayDecide: false })
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.getByText('Deciding on a deploy needs the editor role.')).toBeTruthy()
  })
})
