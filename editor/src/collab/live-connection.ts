import { commentsOrigin } from '@conveyor/shared'
import { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { apiOrigin } from '../api/api-origin'
import { Presence } from './presence'
import { fetchMyName } from './who-am-i'

/**
 * - `connecting`: the first attempt, before anything was ever synced.
 * - `connected`: in step with the runtime; edits go out as they are made.
 * - `offline`: the browser has no network; edits wait (counted in `pendingEdits`).
 * - `reconnecting`: the connection dropped and is being retried; edits wait.
 * - `unavailable`: the runtime refused the connection for good (signed out, no access).
 */
export type LiveStatus = 'connecting' | 'connected' | 'offline' | 'reconnecting' | 'unavailable'

export interface LiveState {
  status: LiveStatus
  /** Edits made here that the runtime has not received yet. */
  pendingEdits: number
  /** Why the runtime refused, when `unavailable`. */
  reason?: string
}

/** `ws(s)://<the runtime>/collab`, the y-websocket server URL. */
export function collabServerUrl(): string {
  const base = new URL(apiOrigin.value || globalThis.location.href)
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${base.origin}/collab`
}

type ProviderOptions = NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>

/** For clients outside the editor's page (Node, scripts); the page itself needs none of these. */
export interface LiveConnectionOptions {
  /** The y-websocket server URL; the runtime that served the page by default. */
  serverUrl?: string
  /** An API token, sent as `?token=` where there is no session cookie. */
  token?: string
  /** Where the platform has no `WebSocket` (Node 20), e.g. the `ws` package's. */
  WebSocketPolyfill?: ProviderOptions['WebSocketPolyfill']
  /**
   * Tabs of one browser also sync directly over a BroadcastChannel. Clients sharing one process
   * turn it off, or they would stay in step without the runtime.
   */
  disableBc?: boolean
}

/**
 * The workflow's Y.Doc joined to everyone else editing it, through the runtime's y-websocket
 * endpoint (the session cookie signs the browser in). Offline, edits stay in the Y.Doc (and
 * IndexedDB) and go out in one sync message when the connection comes back.
 */
export class LiveConnection {
  readonly provider: WebsocketProvider
  readonly presence: Presence
  private state: LiveState = { status: 'connecting', pendingEdits: 0 }
  private everSynced = false
  private readonly listeners = new Set<() => void>()
  private readonly stop: Array<() => void> = []

  constructor(
    workflowId: string,
    ydoc: Y.Doc,
    private readonly isLocalEdit: (origin: unknown) => boolean,
    options: LiveConnectionOptions = {},
  ) {
    this.provider = new WebsocketProvider(options.serverUrl ?? collabServerUrl(), workflowId, ydoc, {
      params: options.token ? { token: options.token } : {},
      WebSocketPolyfill: options.WebSocketPolyfill,
      disableBc: options.disableBc,
    })
    this.presence = new Presence(this.provider.awareness)
    void fetchMyName().then((name) => {
      if (name) this.presence.setUser(name)
    })
    this.provider.on('sync', (synced) => this.onSync(synced))
    this.provider.on('status', ({ status }) => {
      if (status !== 'connected') this.onDisconnected()
    })
    this.provider.on('closed', ({ reason }) => this.set({ ...this.state, status: 'unavailable', reason }))
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // Comments written here wait for the connection just like diagram edits do.
      const local = this.isLocalEdit(origin) || origin === commentsOrigin
      if (this.state.status !== 'connected' && local) {
        this.set({ ...this.state, pendingEdits: this.state.pendingEdits + 1 })
      }
    }
    ydoc.on('update', onUpdate)
    this.stop.push(() => ydoc.off('update', onUpdate))
    // A socket can look open for a long while after the network went away: follow the browser.
    const onOffline = () => {
      this.provider.disconnect()
      this.onDisconnected()
    }
    const onOnline = () => {
      if (this.state.status !== 'unavailable') this.provider.connect()
      this.onDisconnected()
    }
    globalThis.addEventListener?.('offline', onOffline)
    globalThis.addEventListener?.('online', onOnline)
    this.stop.push(() => {
      globalThis.removeEventListener?.('offline', onOffline)
      globalThis.removeEventListener?.('online', onOnline)
    })
  }

  getState = (): LiveState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves true once in step with the runtime, false if that did not happen within `ms`. */
  whenSynced(ms: number): Promise<boolean> {
    if (this.state.status === 'connected') return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), ms)
      const unsubscribe = this.subscribe(() => {
        if (this.state.status === 'connected') finish(true)
        else if (this.state.status === 'unavailable') finish(false)
      })
      function finish(synced: boolean) {
        clearTimeout(timer)
        unsubscribe()
        resolve(synced)
      }
    })
  }

  destroy(): void {
    for (const stop of this.stop) stop()
    this.presence.destroy()
    this.provider.destroy()
    this.listeners.clear()
  }

  private onSync(synced: boolean): void {
    if (!synced) return
    this.everSynced = true
    // Whatever was made offline went out with the sync (the reply to the runtime's state vector).
    this.set({ status: 'connected', pendingEdits: 0 })
  }

  private onDisconnected(): void {
    if (this.state.status === 'unavailable') return
    if (this.provider.wsconnected && this.provider.synced) return
    const offline = globalThis.navigator?.onLine === false
    const status: LiveStatus = offline ? 'offline' : this.everSynced ? 'reconnecting' : 'connecting'
    if (status !== this.state.status) this.set({ ...this.state, status })
  }

  private set(state: LiveState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
