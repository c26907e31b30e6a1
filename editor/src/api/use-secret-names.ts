import { useEffect, useState } from 'react'
import { api } from './client'

/**
 * The names of the runtime's stored secrets: for the connector form to offer and the run list to
 * check references against. Undefined until the runtime has said; it stays so when the runtime
 * cannot (offline, an older runtime), and then nothing is offered and no reference is doubted.
 */
export function useSecretNames(): ReadonlySet<string> | undefined {
  const [names, setNames] = useState<ReadonlySet<string>>()
  useEffect(() => {
    let current = true
    api.listSecretNames().then(
      (found) => current && setNames(new Set(found)),
      () => {},
    )
    return () => {
      current = false
    }
  }, [])
  return names
}
