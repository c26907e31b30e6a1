import { useEffect, useState } from 'react'
import { fetchMe, type Me } from '../collab/who-am-i'

export type MeState = { status: 'loading' } | { status: 'known'; me: Me } | { status: 'unknown' }

/** The signed-in person, asked of the runtime once per mount. */
export function useMe(): MeState {
  const [state, setState] = useState<MeState>({ status: 'loading' })
  useEffect(() => {
    let current = true
    void fetchMe().then((me) => {
      if (current) setState(me ? { status: 'known', me } : { status: 'unknown' })
    })
    return () => {
      current = false
    }
  }, [])
  return state
}
