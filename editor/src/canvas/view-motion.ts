/**
 * How long the view glides to where it is sent (fit view, a node found, a node added off screen):
 * not at all for someone whose system asks for reduced motion, who gets the new view at once.
 */
export function viewGlide(durationMs: number): number {
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
  return reduced ? 0 : durationMs
}
