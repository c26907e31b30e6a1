/** Placeholder until the task inbox lands. */
export function InboxPage() {
  return (
    <main className="page">
      <h1>Inbox</h1>
    </main>
  )
}
