// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { EventLogDownload } from './event-log-download'

afterEach(cleanup)

describe('the event log download in the metrics view', () => {
  it('links to the workflow’s log in each process-mining format, as a download', () => {
    render(<EventLogDownload workflowId="claims & co" />)
    const ocel = screen.getByRole('link', { name: 'Download event log as OCEL' })
    const xes = screen.getByRole('link', { name: 'Download event log as XES' })
    expect(ocel.getAttribute('href')).toBe('/api/workflows/claims%20%26%20co/event-log?format=ocel')
    expect(xes.getAttribute('href')).toBe('/api/workflows/claims%20%26%20co/event-log?format=xes')
    expect(ocel.hasAttribute('download')).toBe(true)
    expect(xes.hasAttribute('download')).toBe(true)
    expect(screen.getByText(/Download event log/).textContent).toBe('Download event log (OCEL / XES)')
  })
})
