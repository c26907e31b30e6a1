import { useState } from 'react'
import { messageOf } from '../api/api-error'

/** What the last action said: its own words when it worked, the runtime's message when it failed. */
export type Notice = { text: string; failed: boolean }

/**
 * Runs one action at a time against the runtime (`busy` meanwhile), keeps what it said as a
 * notice, and reloads what the action changed once it ends, whether it worked or not.
 */
export function useAction(reload: () => void) {
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<Notice>()
  const act = async (what: () => Promise<string>) => {
    setBusy(true)
    setNotice(undefined)
    try {
      setNotice({ text: await what(), failed: false })
    } catch (error) {
      setNotice({ text: messageOf(error), failed: true })
    } finally {
      setBusy(false)
      reload()
    }
  }
  return { busy, notice, act }
}
