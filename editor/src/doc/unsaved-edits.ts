import type { StoredWorkflow } from './stored-workflow'

/**
 * What a reload must not forget about edits the runtime has not acknowledged yet, kept in
 * `localStorage` beside the document's IndexedDB copy: that there are some, and the stored
 * revision they were made on (its number and document), which a save by `PUT` names and merges
 * against, so it carries only this tab's edits and never reverts anyone else's.
 */
const unsavedKey = (id: string) => `conveyor:unsaved:${id}`
const baseKey = (id: string) => `conveyor:base:${id}`

export const unsavedMarks = {
  has: (id: string) => globalThis.localStorage?.getItem(unsavedKey(id)) === '1',
  set: (id: string) => write(unsavedKey(id), '1'),
  clear: (id: string) => globalThis.localStorage?.removeItem(unsavedKey(id)),
}

export const savedBases = {
  get(id: string): StoredWorkflow | undefined {
    const text = globalThis.localStorage?.getItem(baseKey(id))
    if (!text) return undefined
    try {
      const base = JSON.parse(text) as Partial<StoredWorkflow>
      if (typeof base.revision === 'number' && base.document && typeof base.document === 'object')
        return base as StoredWorkflow
    } catch {
      // written by something else: as good as none
    }
    return undefined
  },
  /** A base that does not fit (storage full) is removed: better no base than an older one. */
  set(id: string, base: StoredWorkflow): void {
    if (!write(baseKey(id), JSON.stringify(base))) savedBases.clear(id)
  },
  clear: (id: string) => globalThis.localStorage?.removeItem(baseKey(id)),
}

/** False when the browser refused (quota exceeded, storage disabled). */
function write(key: string, value: string): boolean {
  try {
    globalThis.localStorage?.setItem(key, value)
    return true
  } catch {
    return false
  }
}
