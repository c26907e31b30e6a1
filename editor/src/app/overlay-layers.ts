import { useCallback, useMemo, useRef, useState } from 'react'
import type { NodeOverlay } from './extensions'

/**
 * Each painter (simulate, runs, metrics) owns one overlay layer; the canvas shows them merged,
 * the most recently painted layer's status winning and every layer's badges kept.
 */
export function mergeOverlays(layers: Array<NodeOverlay>): NodeOverlay {
  const merged: NodeOverlay = {}
  for (const layer of layers) {
    for (const [nodeId, entry] of Object.entries(layer)) {
      const current = merged[nodeId] ?? {}
      merged[nodeId] = {
        status: entry.status ?? current.status,
        badges: [...(current.badges ?? []), ...(entry.badges ?? [])],
      }
    }
  }
  return merged
}

export function useOverlayLayers() {
  const [layers, setLayers] = useState<Array<[string, NodeOverlay]>>([])
  const setLayer = useCallback((source: string, overlay: NodeOverlay | null) => {
    setLayers((current) => {
      // Taking off a layer that is not there changes nothing: the same list, no redraw.
      if (!overlay && !current.some(([key]) => key === source)) return current
      const others = current.filter(([key]) => key !== source)
      return overlay ? [...others, [source, overlay]] : others
    })
  }, [])
  const overlay = useMemo(() => mergeOverlays(layers.map(([, layer]) => layer)), [layers])
  // One stable setter per painter, so painters may list it in their effects' dependencies.
  const setters = useRef(new Map<string, (overlay: NodeOverlay | null) => void>())
  const layerSetter = useCallback(
    (source: string) => {
      let setter = setters.current.get(source)
      if (!setter) {
        setter = (next: NodeOverlay | null) => setLayer(source, next)
        setters.current.set(source, setter)
      }
      return setter
    },
    [setLayer],
  )
  return { overlay, layerSetter }
}
