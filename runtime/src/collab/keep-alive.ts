import type { WSContext } from 'hono/ws'

/** The parts of a `ws` socket that pinging needs; other adapters may not offer them. */
interface PingableSocket {
  ping(): void
  terminate(): void
  on(event: 'pong', listener: () => void): unknown
}

function isPingable(raw: unknown): raw is PingableSocket {
  const socket = raw as Partial<PingableSocket> | undefined
  return (
    typeof socket?.ping === 'function' &&
    typeof socket.terminate === 'function' &&
    typeof socket.on === 'function'
  )
}

/**
 * Pings the client every interval and drops it when the previous ping went unanswered. A peer that
 * vanished without closing (a laptop lid shut, a network gone) otherwise keeps its document loaded
 * until TCP gives up, which can take hours. Returns the function that stops pinging.
 */
export function keepAlive(socket: WSContext, intervalMs: number): () => void {
  const raw = socket.raw
  if (!isPingable(raw)) return () => {}
  let answered = true
  raw.on('pong', () => {
    answered = true
  })
  const timer = setInterval(() => {
    if (!answered) {
      raw.terminate()
      return
    }
    answered = false
    raw.ping()
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
