import { fetchMe } from '../collab/who-am-i'

const viewOnlyKey = 'conveyor:view-only'
/**
 * Whether the signed-in person may only look. The runtime's answer decides, and is remembered for
 * when it cannot be asked (offline). With no answer ever (no runtime behind the page), editing is
 * allowed: there is nobody whose edits could be refused, and offline editing must keep working.
 */
export async function viewOnly(): Promise<boolean> {
  const me = await fetchMe()
  if (!me) return globalThis.localStorage?.getItem(viewOnlyKey) === '1'
  if (me.readOnly) globalThis.localStorage?.setItem(viewOnlyKey, '1')
  else globalThis.localStorage?.removeItem(viewOnlyKey)
  return me.readOnly
}
