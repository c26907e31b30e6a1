import { useCallback, useEffect, useState } from 'react'
import { messageOf } from './api-error'

export interface Resource<T> {
  data: T | undefined
  /** The message of the last failed load, if it failed. */
  error: string | undefined
  loading: boolean
  reload: () => void
}

/** Loads something from the API when `key` changes; `reload` fetches it again. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true })
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    let current = true
    setState((previous) => ({ ...previous, loading: true }))
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) =>
        current && setState((previous) => ({ ...previous, error: messageOf(error), loading: false })),
    )
    return () => {
      current = false
    }
    // `load` is a fresh closure each render; `key` (and reload) say when to load again.
  }, [key, generation])

  const reload = useCallback(() => setGeneration((value) => value + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, reload }
}
