import { eventLogFormats, type EventLogFormat } from '@conveyor/shared/protocol/event-log'
import { InvalidError } from '../service/errors'
import { eventPageSize, type TimeWindow } from '../store/event-pages'
import type { SqlExecutor } from '../store/sql'
import { LogStore } from './log-store'
import { ocelLog } from './ocel-log'
import { xesLog } from './xes-log'

/** What the download's request asks for, as given in its query. */
export interface EventLogQuery {
  format?: string
  from?: string
  to?: string
}

/** A download ready to stream: its chunks are read from the store one page at a time, as they are pulled. */
export interface EventLogDownload {
  contentType: string
  fileName: string
  chunks: AsyncIterable<string>
}

const files: Record<EventLogFormat, { contentType: string; extension: string }> = {
  ocel: { contentType: 'application/json; charset=utf-8', extension: 'jsonocel' },
  xes: { contentType: 'application/xml; charset=utf-8', extension: 'xes' },
}

/** About what one chunk of the download holds: small pieces (an XES trace) are sent together. */
const chunkSize = 64 * 1024

async function* inChunksOf(size: number, pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let held: string[] = []
  let length = 0
  for await (const piece of pieces) {
    held.push(piece)
    length += piece.length
    if (length < size) continue
    yield held.join('')
    held = []
    length = 0
  }
  if (length > 0) yield held.join('')
}

/** A workflow's event log as a process-mining file (OCEL 2.0 JSON or XES), streamed from the store. */
export class EventLogExport {
  private readonly store: LogStore

  /** `pageSize`: rows read per page, what one chunk of the download holds at most. */
  constructor(sql: SqlExecutor, pageSize = eventPageSize) {
    this.store = new LogStore(sql, pageSize)
  }

  /** Checks the query (422 naming the wrong parameter) before anything is written. */
  open(workflow: { id: string; name: string }, query: EventLogQuery): EventLogDownload {
    const format = formatOf(query.format)
    const window = windowOf(query)
    const { contentType, extension } = files[format]
    const pieces =
      format === 'ocel' ? ocelLog(this.store, workflow.id, window) : xesLog(this.store, workflow, window)
    return {
      contentType,
      fileName: `${safeFileName(workflow.id)}-event-log.${extension}`,
      chunks: inChunksOf(chunkSize, pieces),
    }
  }
}

function formatOf(format: string | undefined): EventLogFormat {
  if (eventLogFormats.includes(format as EventLogFormat)) return format as EventLogFormat
  const known = eventLogFormats.join(', ')
  throw new InvalidError(
    format === undefined
      ? `say which format: one of ${known}`
      : `unknown format "${format}"; known: ${known}`,
    [{ path: 'format', message: `must be one of: ${known}` }],
  )
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/

function timeOf(name: 'from' | 'to', text: string | undefined, otherwise: number): number {
  if (text === undefined) return otherwise
  const at = isoDateTime.test(text) ? Date.parse(text) : Number.NaN
  if (Number.isNaN(at)) {
    throw new InvalidError(`"${name}" is not an ISO 8601 date and time: "${text}"`, [
      { path: name, message: 'must be an ISO 8601 date and time, like 2026-01-31T09:00:00Z' },
    ])
  }
  return at
}

function windowOf(query: EventLogQuery): TimeWindow {
  const window = { from: timeOf('from', query.from, 0), to: timeOf('to', query.to, Number.MAX_SAFE_INTEGER) }
  if (window.to <= window.from) {
    throw new InvalidError(`"to" (${query.to}) must be after "from" (${query.from})`, [
      { path: 'to', message: 'must be after from' },
    ])
  }
  return window
}

/** Workflow ids are the user's words: in a header's file name only letters, digits and `-_.` stay. */
function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_')
}
