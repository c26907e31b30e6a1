import { apiOrigin } from '../api/api-origin'

export interface Me {
  name: string
  /** A viewer: the live document takes no edits from them. */
  readOnly: boolean
}

/** The person signed in (the name their token was issued to, and their role); null when unknown. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const response = await fetch(`${apiOrigin.value}/api/me`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    })
    if (!response.ok) return null
    const { name, role } = (await response.json()) as { name?: unknown; role?: unknown }
    if (typeof name !== 'string' || name.trim() === '') return null
    return { name, readOnly: role === 'viewer' }
  } catch {
    return null // offline: presence waits for the next join
  }
}

export async function fetchMyName(): Promise<string | null> {
  return (await fetchMe())?.name ?? null
}
