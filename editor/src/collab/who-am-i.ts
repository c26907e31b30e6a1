import { apiOrigin } from '../doc/workflow-api'

/** The name of the person signed in (the name their token was issued to); null when unknown. */
export async function fetchMyName(): Promise<string | null> {
  try {
    const response = await fetch(`${apiOrigin.value}/api/me`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    })
    if (!response.ok) return null
    const { name } = (await response.json()) as { name?: unknown }
    return typeof name === 'string' && name.trim() !== '' ? name : null
  } catch {
    return null // offline: presence waits for the next join
  }
}
