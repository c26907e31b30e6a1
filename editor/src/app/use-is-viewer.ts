import { useMe } from '../comments/use-me'

/**
 * Whether the runtime said the signed-in person only looks (the viewer role). Until it answers
 * this is false: the controls show, and the runtime still refuses a viewer's changes.
 */
export function useIsViewer(): boolean {
  const me = useMe()
  return me.status === 'known' && me.me.readOnly
}
