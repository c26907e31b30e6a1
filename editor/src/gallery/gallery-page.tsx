import { Link } from '../app/router'

/** Placeholder until the workflow gallery lands. */
export function GalleryPage() {
  return (
    <main className="page">
      <h1>Workflows</h1>
      <p>
        Open a workflow by its id, for example <Link href="/workflows/example">/workflows/example</Link>.
      </p>
    </main>
  )
}
