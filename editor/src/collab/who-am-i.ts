import { api } from '../api/client'

export interface Me {
  name: string
  /** A viewer: the live document takes no edits from them. */
  readOnly: boolean
}

let asking: Promise<Me | null> | undefined

/**
 * The person signed in (the name their token was issued to, and their role); null when unknown.
 * Callers asking at the same moment (opening a workflow asks for the role and for presence) share
 * one request; a later call asks again, so a changed role shows on the next opening.
 */
export function fetchMe(): Promise<Me | null> {
  asking ??= askWhoIAm().finally(() => (asking = undefined))
  return asking
}

async function askWhoIAm(): Promise<Me | null> {
  try {
    const { name, role } = await api.getMe()
    if (typeof name !== 'string' || name.trim() === '') return null
    return { name, readOnly: role === 'viewer' }
  } catch {
    return null // offline, or a runtime that cannot say: presence waits for the next join
  }
}

export async function fetchMyName(): Promise<string | null> {
  return (await fetchMe())?.name ?? null
}
