import { useEffect, useRef } from 'react'
import type { NodeOverlay } from '../app/extensions'

/** Paints `overlay` whenever it changes and takes it off the diagram when the view closes. */
export function useOverlay(
  setOverlay: (overlay: NodeOverlay | null) => void,
  overlay: NodeOverlay | undefined,
) {
  const paint = useRef(setOverlay)
  paint.current = setOverlay
  useEffect(() => {
    if (overlay) paint.current(overlay)
  }, [overlay])
  useEffect(() => () => paint.current(null), [])
}
