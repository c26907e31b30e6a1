import { eventLogFormats, eventLogPath, type EventLogFormat } from '@conveyor/shared/protocol/event-log'
import { apiOrigin } from '../api/api-origin'

const formatNames: Record<EventLogFormat, string> = { ocel: 'OCEL', xes: 'XES' }

/**
 * Links that download the workflow's event log for a process-mining tool. Plain links: the browser
 * sends the session cookie and saves the streamed file under the name the runtime gives it.
 */
export function EventLogDownload({ workflowId }: { workflowId: string }) {
  return (
    <p className="event-log-download">
      Download event log (
      {eventLogFormats.map((format, index) => (
        <span key={format}>
          {index > 0 && ' / '}
          <a
            href={apiOrigin.value + eventLogPath(workflowId, format)}
            download
            aria-label={`Download event log as ${formatNames[format]}`}
          >
            {formatNames[format]}
          </a>
        </span>
      ))}
      )
    </p>
  )
}
