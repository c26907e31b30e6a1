import { useEffect, useState } from 'react'
import { api } from '../api/client'

/**
 * The names of the runtime's stored secrets, for the connector form to offer. A convenience only:
 * when the runtime cannot say (offline, an older runtime), the form simply offers none.
 */
export function useSecretNames(): string[] {
  const [names, setNames] = useState<string[]>([])
  useEffect(() => {
    let current = true
    api.listSecretNames().then(
      (found) => current && Array.isArray(found) && setNames(found),
      () => {},
    )
    return () => {
      current = false
    }
  }, [])
  return names
}
