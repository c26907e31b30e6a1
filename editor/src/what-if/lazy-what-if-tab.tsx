import { lazy, Suspense } from 'react'
import type { EditorExtensionProps } from '../app/extensions'

// The tab, the simulator and its worker load only when the tab is opened.
const WhatIfTab = lazy(() => import('./what-if-tab').then((module) => ({ default: module.WhatIfTab })))

export function LazyWhatIfTab(props: EditorExtensionProps) {
  return (
    <Suspense fallback={<p>Loading…</p>}>
      <WhatIfTab {...props} />
    </Suspense>
  )
}
