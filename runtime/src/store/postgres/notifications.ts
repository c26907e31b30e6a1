import pg from 'pg'
import type { SqlExecutor } from '../sql'

/** PostgreSQL refuses a payload of 8,000 bytes or more; a little is kept back for the channel name. */
export const maxPayloadBytes = 7_900
/** The application name the listening connection shows in `pg_stat_activity`. */
export const listenerApplicationName = 'conveyor-listener'

const channelName = /^[a-z_][a-z0-9_]{0,62}$/

export interface NotificationListenerOptions {
  url: string
  /** The first wait before reconnecting after the connection is lost; it doubles up to `maxReconnectDelayMs`. */
  reconnectDelayMs?: number
  maxReconnectDelayMs?: number
  /** Told each failed attempt to reconnect (the listener keeps trying until closed). */
  onReconnectFailed?(error: unknown): void
}

/**
 * Wake-ups between processes sharing one PostgreSQL database, on a connection of their own. A
 * notification only says "look again": PostgreSQL does not keep the ones sent while the connection
 * is down, so after each reconnect `onReconnected` handlers run and should look without being told.
 */
export class NotificationListener {
  private client: pg.Client | undefined
  private readonly handlers = new Map<string, Set<(payload: string) => void>>()
  private readonly reconnectedHandlers = new Set<() => void>()
  private closed = false
  private reconnectTimer: NodeJS.Timeout | undefined
  private reconnectDelayMs: number

  private constructor(private readonly options: NotificationListenerOptions) {
    this.reconnectDelayMs = options.reconnectDelayMs ?? 100
  }

  /** Connects, so that a listener returned is listening. */
  static async open(options: NotificationListenerOptions): Promise<NotificationListener> {
    const listener = new NotificationListener(options)
    listener.client = await listener.connect()
    return listener
  }

  /** Calls `handler` with each payload sent on `channel`; resolves once the server listens for it. */
  async listen(channel: string, handler: (payload: string) => void): Promise<() => void> {
    assertChannel(channel)
    let channelHandlers = this.handlers.get(channel)
    if (channelHandlers === undefined) {
      channelHandlers = new Set()
      this.handlers.set(channel, channelHandlers)
      // While reconnecting, the new connection will listen to every channel in `handlers`.
      await this.client?.query(`LISTEN ${channel}`).catch(() => undefined)
    }
    channelHandlers.add(handler)
    return () => channelHandlers.delete(handler)
  }

  /** Calls `handler` after each reconnect, when notifications may have been missed. */
  onReconnected(handler: () => void): () => void {
    this.reconnectedHandlers.add(handler)
    return () => this.reconnectedHandlers.delete(handler)
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.reconnectTimer)
    const client = this.client
    this.client = undefined
    await client?.end().catch(() => undefined)
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: listenerApplicationName,
    })
    client.on('notification', ({ channel, payload }) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(payload ?? '')
    })
    client.on('error', () => this.lost(client))
    client.on('end', () => this.lost(client))
    try {
      await client.connect()
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`)
    } catch (error) {
      client.removeAllListeners('end')
      await client.end().catch(() => undefined)
      throw error
    }
    return client
  }

  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return
    this.client = undefined
    this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(async () => {
      if (this.closed) return
      try {
        const client = await this.connect()
        if (this.closed) {
          await client.end()
          return
        }
        this.client = client
        this.reconnectDelayMs = this.options.reconnectDelayMs ?? 100
        for (const handler of this.reconnectedHandlers) handler()
      } catch (error) {
        this.options.onReconnectFailed?.(error)
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, this.options.maxReconnectDelayMs ?? 5_000)
        this.scheduleReconnect()
      }
    }, this.reconnectDelayMs)
  }
}

/**
 * Sends `payload` on `channel` through `sql`. Inside a transaction it is delivered at COMMIT and
 * not at all on ROLLBACK; PostgreSQL serializes committing transactions that notified, so send
 * wake-ups after a commit, not inside busy transactions.
 */
export async function notify(sql: SqlExecutor, channel: string, payload: string): Promise<void> {
  assertChannel(channel)
  const bytes = Buffer.byteLength(payload)
  if (bytes > maxPayloadBytes) {
    throw new RangeError(
      `A notification on ${channel} holds ${bytes} bytes, more than the ${maxPayloadBytes} PostgreSQL carries: ` +
        'send an id and let the listener read the rest',
    )
  }
  await sql.get('SELECT pg_notify(?, ?)', [channel, payload])
}

function assertChannel(channel: string): void {
  if (!channelName.test(channel)) {
    throw new RangeError(`"${channel}" is not a channel name: lower-case letters, digits and _, at most 63`)
  }
}
