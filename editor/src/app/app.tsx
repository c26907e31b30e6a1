import { lazy, Suspense } from 'react'
import { GalleryPage } from '../gallery/gallery-page'
import { InboxPage } from '../run/inbox-page'
import { Link, matchRoute, usePathname } from './router'

const EditorPage = lazy(() => import('./editor-page').then((module) => ({ default: module.EditorPage })))

export function App() {
  const route = matchRoute(usePathname())
  switch (route.page) {
    case 'gallery':
      return <GalleryPage />
    case 'inbox':
      return <InboxPage />
    case 'editor':
      return (
        <Suspense fallback={<p className="page">Loading the editor…</p>}>
          <EditorPage key={route.workflowId} workflowId={route.workflowId} />
        </Suspense>
      )
    case 'not-found':
      return (
        <main className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">Back to the workflows</Link>
          </p>
        </main>
      )
  }
}
