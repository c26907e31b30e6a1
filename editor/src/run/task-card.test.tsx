// @vitest-environment jsdom
import type { Task } from '@conveyor/shared/protocol/api'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TaskCard } from './task-card'

afterEach(cleanup)

const classifyTask: Task = {
  id: 't1',
  instanceId: 'i1',
  workflowId: 'it-hr-triage',
  deploymentId: 'it-hr-triage@1',
  nodeId: 'classify-request',
  kind: 'step',
  label: 'Classify request',
  lane: 'service-desk',
  status: 'open',
  form: {
    fields: [
      { id: 'category', label: 'Category', type: 'select', required: true, options: ['access', 'payroll'] },
      { id: 'urgent', label: 'Urgent', type: 'boolean', required: false },
      { id: 'note', label: 'Triage note', type: 'longtext', required: false },
    ],
  },
  prefill: { category: 'access' },
  suggestion: {
    provider: 'local',
    produces: 'classification',
    field: 'category',
    value: 'access',
    confidence: 0.82,
    explanation: 'The request mentions a locked account.',
  },
  createdAt: '2026-01-01T09:00:00.000Z',
}

const field = (name: string) => screen.getByLabelText(new RegExp(`^${name}`)) as HTMLInputElement

describe('a task in the inbox', () => {
  it('shows the assistant’s suggestion with why and how sure, filled in and kept as suggested', () => {
    render(<TaskCard task={classifyTask} onChanged={vi.fn()} />)
    const suggestion = screen.getByRole('region', { name: "Assistant's suggestion" })
    expect(suggestion.textContent).toContain('confidence 82%')
    expect(suggestion.textContent).toContain('The request mentions a locked account.')
    const category = field('Category') as unknown as HTMLSelectElement
    expect(category.value).toBe('access')
    expect(category.disabled).toBe(true)
  })

  it('lets the person edit the suggestion, or override it with an answer of their own', () => {
    render(<TaskCard task={classifyTask} onChanged={vi.fn()} />)
    const category = field('Category') as unknown as HTMLSelectElement
    fireEvent.click(screen.getByRole('radio', { name: /^Edit/ }))
    expect(category.disabled).toBe(false)
    expect(category.value).toBe('access')
    fireEvent.click(screen.getByRole('radio', { name: /^Override/ }))
    expect(category.value).toBe('')
    fireEvent.click(screen.getByRole('radio', { name: /^Accept/ }))
    expect(category.value).toBe('access')
  })

  it('shows a viewer the task and its form, locked, with no way to claim, reject or complete it', () => {
    render(<TaskCard task={classifyTask} onChanged={vi.fn()} lookOnly />)
    expect(screen.getByRole('note').textContent).toMatch(/needs the editor role/)
    expect(field('Triage note').matches(':disabled')).toBe(true)
    expect(field('Urgent').matches(':disabled')).toBe(true)
    for (const name of ['Claim', 'Reject task', 'Complete task']) {
      expect(screen.queryByRole('button', { name })).toBeNull()
    }
  })

  it('says a task stands in for a step switched to manual, and why', () => {
    const { suggestion: _none, ...byHand } = classifyTask
    render(
      <TaskCard
        task={{ ...byHand, prefill: {}, fallback: { reason: 'assistant outage' } }}
        onChanged={vi.fn()}
      />,
    )
    expect(screen.getByRole('note').textContent).toMatch(/switched to manual \(assistant outage\)/)
  })

  it('draws each field from its definition', () => {
    render(<TaskCard task={classifyTask} onChanged={vi.fn()} />)
    expect(field('Urgent').type).toBe('checkbox')
    expect(field('Triage note').tagName).toBe('TEXTAREA')
    expect(screen.getByRole('button', { name: 'Claim' })).toBeDefined()
  })

  it('offers a decision’s branches and no claim once it is closed', () => {
    const decision: Task = {
      ...classifyTask,
      kind: 'decision',
      label: 'Route request',
      question: 'Who handles it?',
      branches: [
        { id: 'it', label: 'IT operations' },
        { id: 'desk', label: 'Service desk' },
      ],
      form: { fields: [] },
      suggestion: undefined,
    }
    const { unmount } = render(<TaskCard task={decision} onChanged={vi.fn()} />)
    expect(screen.getByRole('group', { name: 'Who handles it?' })).toBeDefined()
    expect((screen.getByRole('radio', { name: 'IT operations' }) as HTMLInputElement).checked).toBe(true)
    unmount()
    render(
      <TaskCard task={{ ...decision, status: 'completed', completedBy: 'user:sam' }} onChanged={vi.fn()} />,
    )
    expect(screen.getByRole('status').textContent).toBe('This task is completed by sam.')
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull()
  })

  it('starts a decision from the branch the assistant recommends; picking another overrides it', () => {
    const decision: Task = {
      ...classifyTask,
      kind: 'decision',
      label: 'Route request',
      question: 'Who handles it?',
      branches: [
        { id: 'it', label: 'IT operations' },
        { id: 'desk', label: 'Service desk' },
      ],
      form: { fields: [] },
      prefill: { branch: 'desk' },
      suggestion: { ...classifyTask.suggestion!, field: 'branch', value: 'desk' },
    }
    render(<TaskCard task={decision} onChanged={vi.fn()} />)
    const suggestion = screen.getByRole('region', { name: "Assistant's suggestion" })
    expect(suggestion.textContent).toContain('Service desk')
    expect(screen.queryByRole('radio', { name: /^Edit/ })).toBeNull()
    expect((screen.getByRole('radio', { name: 'Service desk' }) as HTMLInputElement).checked).toBe(true)
    fireEvent.click(screen.getByRole('radio', { name: 'IT operations' }))
    expect((screen.getByRole('radio', { name: /^Override/ }) as HTMLInputElement).checked).toBe(true)
  })

  it('shows the item by label, values as people write them, and the workflow and lane by name, not by id', () => {
    const review: Task = {
      ...classifyTask,
      id: 'task-7f3a',
      instanceId: 'inst-91c2',
      workflowId: 'order-to-cash',
      workflowName: 'Order to cash',
      label: 'Review credit',
      lane: 'credit',
      laneName: 'Credit analyst',
      assignee: 'alice',
      status: 'claimed',
      suggestion: undefined,
      case: [
        { path: 'orderId', label: 'Order number', type: 'text', value: 'SO-1001' },
        { path: 'amount', label: 'Order value', type: 'number', value: 12_500 },
        { path: 'urgent', label: 'Rush order', type: 'boolean', value: false },
        { path: 'shipBy', label: 'Ship by', type: 'date', value: '2026-03-05' },
        { path: 'credit.note', label: 'credit.note' },
      ],
    }
    render(<TaskCard task={review} onChanged={vi.fn()} />)
    const card = screen.getByRole('article', { name: 'Review credit' })
    expect(card.textContent).toContain('Order to cash · Credit analyst')
    expect(card.textContent).toContain('claimed by alice')
    for (const id of ['order-to-cash', 'inst-91c2', 'task-7f3a', 'credit '])
      expect(card.textContent).not.toContain(id)

    const item = screen.getByRole('region', { name: 'About this item' })
    const lines = [...item.querySelectorAll('dt')].map((term) => [
      term.textContent,
      term.nextElementSibling?.textContent,
    ])
    expect(lines).toEqual([
      ['Order number', 'SO-1001'],
      ['Order value', new Intl.NumberFormat().format(12_500)],
      ['Rush order', 'No'],
      ['Ship by', new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(2026, 2, 5))],
      ['credit.note', 'not given'],
    ])
  })

  it('names an escalated task by the lane it went to, and has no item section when there is nothing to show', () => {
    render(
      <TaskCard
        task={{
          ...classifyTask,
          workflowName: 'IT and HR triage',
          escalatedTo: 'leads',
          escalatedToName: 'Team leads',
          case: [],
        }}
        onChanged={vi.fn()}
      />,
    )
    expect(screen.getByRole('article').textContent).toContain('IT and HR triage · escalated to Team leads')
    expect(screen.queryByRole('region', { name: 'About this item' })).toBeNull()
  })
})
