import { useEffect, useRef } from 'react'

type Listener = (workflowId: string) => void
const listeners = new Set<Listener>()

/** Tells every view of the workflow that one of its steps was switched, so none waits for its next poll. */
export function announceFallbackSwitch(workflowId: string): void {
  for (const listener of listeners) listener(workflowId)
}

/** Calls `onSwitch` whenever a step of `workflowId` is switched from this page. */
export function useFallbackSwitched(workflowId: string, onSwitch: () => void): void {
  const latest = useRef(onSwitch)
  latest.current = onSwitch
  useEffect(() => {
    const listener: Listener = (switched) => {
      if (switched === workflowId) latest.current()
    }
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }, [workflowId])
}
