import { assign, fromPromise, setup } from 'xstate'
import type { WorkflowStore } from './workflow-store'

/** What the session does as it moves between states; the machine only decides when. */
export interface SessionEffects {
  /** Joined: the live document carries this tab's edits, nothing is left to `PUT`. */
  joined(): void
  /** Not joined, with the copy kept in IndexedDB: `PUT` saves build on the revision it last matched. */
  keepBaseOfLiveDocument(): void
  /** Not joined, with edits a reload had not saved: they are saved on the base kept with them. */
  resumeUnsaved(): void
  /** The save under way, which lands before a stored copy hands over to the live document. */
  saveUnderWay(): Promise<void>
  isLive(): boolean
  /** Brings what the stored copy changed since its base into the live store; the copy ends. */
  mergeIntoLive(copy: WorkflowStore): void
  /** A join that dropped again while the copy's save landed: saving the copy goes on. */
  resumeSaving(): void
  /** Closes the connection and IndexedDB and destroys the documents. */
  close(): void
}

export type SessionEvent =
  | { type: 'LIVE_CONNECTED' }
  | { type: 'LIVE_LOST' }
  | { type: 'VIEW_STORED_COPY' }
  | { type: 'EDIT_STORED_COPY'; copy: WorkflowStore }
  | { type: 'RESUME_UNSAVED' }
  | { type: 'WAIT_FOR_LIVE' }
  | { type: 'DISPOSE' }

export interface SessionContext {
  effects: SessionEffects
  /** The store joined to the live document (and kept in IndexedDB). */
  liveStore: WorkflowStore
  /** The store the page shows and edits: the live store, or a stored copy until it joins. */
  store: WorkflowStore
}

/**
 * An open workflow's session, one state at a time:
 *
 * - `connecting`: opening, waiting to join the live document (what is shown is decided by `open`).
 * - `live`: joined; edits travel through the live document, which the runtime stores.
 * - `offline`: the live store could not join (or dropped); its edits are saved by `PUT` on the
 *   stored revision they were made on, and merge into the live document on joining.
 * - `storedCopy`: nothing to join with (no copy at hand, or the connection refused): the stored
 *   workflow is edited in a store of its own, saved by `PUT`.
 * - `joining`: the live document is back while a stored copy is edited: once a save under way has
 *   landed, the copy's edits go into the live store, which takes over.
 * - `viewOnly`: a viewer who could not join sees the stored workflow, unjoined.
 * - `closed`: disposed.
 */
export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as { effects: SessionEffects; liveStore: WorkflowStore },
  },
  actors: {
    saveUnderWay: fromPromise(({ input }: { input: SessionEffects }) => input.saveUnderWay()),
  },
  guards: {
    isLive: ({ context }) => context.effects.isLive(),
  },
  actions: {
    joined: ({ context }) => context.effects.joined(),
    keepBaseOfLiveDocument: ({ context }) => context.effects.keepBaseOfLiveDocument(),
    resumeUnsaved: ({ context }) => context.effects.resumeUnsaved(),
    resumeSaving: ({ context }) => context.effects.resumeSaving(),
    close: ({ context }) => context.effects.close(),
    editCopy: assign({
      store: ({ context, event }) => (event.type === 'EDIT_STORED_COPY' ? event.copy : context.store),
    }),
    mergeIntoLive: assign({
      store: ({ context }) => {
        context.effects.mergeIntoLive(context.store)
        return context.liveStore
      },
    }),
  },
}).createMachine({
  id: 'workflowSession',
  context: ({ input }) => ({ ...input, store: input.liveStore }),
  initial: 'connecting',
  on: { DISPOSE: '.closed' },
  states: {
    connecting: {
      on: {
        LIVE_CONNECTED: 'live',
        VIEW_STORED_COPY: 'viewOnly',
        EDIT_STORED_COPY: { target: 'storedCopy', actions: 'editCopy' },
        RESUME_UNSAVED: { target: 'offline', actions: 'resumeUnsaved' },
        WAIT_FOR_LIVE: { target: 'offline', actions: 'keepBaseOfLiveDocument' },
      },
    },
    live: {
      entry: 'joined',
      on: { LIVE_LOST: { target: 'offline', actions: 'keepBaseOfLiveDocument' } },
    },
    offline: {
      on: { LIVE_CONNECTED: 'live' },
    },
    storedCopy: {
      on: { LIVE_CONNECTED: 'joining' },
    },
    joining: {
      invoke: {
        src: 'saveUnderWay',
        input: ({ context }) => context.effects,
        onDone: [
          { guard: 'isLive', target: 'live', actions: 'mergeIntoLive' },
          { target: 'storedCopy', actions: 'resumeSaving' },
        ],
        onError: [
          { guard: 'isLive', target: 'live', actions: 'mergeIntoLive' },
          { target: 'storedCopy', actions: 'resumeSaving' },
        ],
      },
    },
    viewOnly: {},
    closed: { type: 'final', entry: 'close' },
  },
})
