/** Tells a viewer, above the diagram, that they can look but not change, and why. */
export function ViewOnlyBanner() {
  return (
    <p className="view-only-banner" role="note" aria-label="View only">
      <strong>View only.</strong> Your role is viewer: you can look around, search, simulate, read comments
      and follow other people’s changes as they happen, but not change this workflow. To edit it, ask an admin
      for the editor role.
    </p>
  )
}
