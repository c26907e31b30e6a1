import type { WorkflowDocument } from '@conveyor/shared'
import type * as Y from 'yjs'

/** Who the stored document's history names for live changes no connection made (merged saves). */
const collaborationActor = 'live collaboration'

/**
 * How long live edits by the same people gather before the stored workflow takes them: one save,
 * and so one revision and one audit row, per person per window rather than per stored batch.
 * Shorter than collaboration's `idleUnloadMs` (10 s), so that a window closes while its document
 * is still loaded; reads and shutdown save what waits at once.
 */
export const liveSaveWindowMs = 3_000

/** Live edits ready to be saved: the document as last stored, and the audit actor of the save. */
export interface LiveSave {
  document: WorkflowDocument
  ydoc: Y.Doc
  by: string
  /** The people whose edits it holds, each as the audit names a person (`user:NAME`). */
  editors: string[]
}

interface Window {
  document?: WorkflowDocument
  ydoc: Y.Doc
  editors: Set<string>
  timer: NodeJS.Timeout
}

/**
 * The live edits of each workflow waiting for their window to close. A window holds the edits of
 * the same people: someone else's edits close it first, so that each save names its own people.
 * `save` is called as a window closes: on its timer, on another person's edits, or when asked.
 */
export class LiveSaveWindows {
  private readonly open = new Map<string, Window>()

  constructor(
    private readonly windowMs: number,
    private readonly save: (workflowId: string, waiting: LiveSave) => void,
  ) {}

  /** Adds a stored batch of live changes by `editors` (`document` when it is a valid workflow). */
  gather(workflowId: string, ydoc: Y.Doc, editors: ReadonlySet<string>, document?: WorkflowDocument): void {
    const current = this.open.get(workflowId)
    if (current && current.editors.size > 0 && editors.size > 0 && !samePeople(current.editors, editors)) {
      this.close(workflowId)
    }
    const window = this.open.get(workflowId) ?? {
      ydoc,
      editors: new Set<string>(),
      timer: setTimeout(() => this.close(workflowId), this.windowMs),
    }
    this.open.set(workflowId, window)
    window.ydoc = ydoc
    if (document) window.document = document
    for (const person of editors) window.editors.add(person)
  }

  /** Closes a workflow's window now (every workflow's when none is given), saving what it holds. */
  close(workflowId?: string): void {
    for (const id of workflowId === undefined ? [...this.open.keys()] : [workflowId]) {
      const window = this.open.get(id)
      if (!window) continue
      this.open.delete(id)
      clearTimeout(window.timer)
      const { document, ydoc, editors } = window
      if (document) this.save(id, { document, ydoc, by: actorOf(editors), editors: actorsOf(editors) })
    }
  }
}

/** The audit actor of live edits: the people who made them (as the API names them), else the server. */
function actorOf(editors: ReadonlySet<string>): string {
  return editors.size === 0 ? collaborationActor : actorsOf(editors).join(', ')
}

function actorsOf(editors: ReadonlySet<string>): string[] {
  return [...editors].sort().map((person) => `user:${person}`)
}

function samePeople(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((person) => b.has(person))
}
