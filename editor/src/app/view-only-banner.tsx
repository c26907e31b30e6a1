/**
 * Tells a viewer, above the diagram, that they can look but not change, and why; and when they
 * see a stored copy rather than the live workflow (it could not be reached when they opened it).
 */
export function ViewOnlyBanner({ live }: { live: boolean }) {
  return (
    <p className="view-only-banner" role="note" aria-label="View only">
      <strong>View only.</strong> Your role is viewer: you can look around, search, simulate, read comments
      and follow other people’s changes as they happen, but not change this workflow. To edit it, ask an admin
      for the editor role.
      {live
        ? null
        : ' The live workflow could not be reached, so this is the copy stored when you opened it: reload to see later changes.'}
    </p>
  )
}
