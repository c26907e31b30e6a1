import { useEffect, useState } from 'react'
import { fetchMyName } from '../collab/who-am-i'

export type MyName = { status: 'loading' } | { status: 'known'; name: string } | { status: 'unknown' }

/** The signed-in person's name, asked of the runtime once per mount. */
export function useMyName(): MyName {
  const [me, setMe] = useState<MyName>({ status: 'loading' })
  useEffect(() => {
    let current = true
    void fetchMyName().then((name) => {
      if (current) setMe(name ? { status: 'known', name } : { status: 'unknown' })
    })
    return () => {
      current = false
    }
  }, [])
  return me
}
