import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react'

/** A tiny history-API router: the app has three pages, a dependency would be heavier than this. */
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  for (const listener of listeners) listener()
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname)
}

export type Route =
  | { page: 'gallery' }
  | { page: 'editor'; workflowId: string }
  | { page: 'inbox' }
  | { page: 'not-found'; path: string }

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/'
  if (path === '/') return { page: 'gallery' }
  if (path === '/inbox') return { page: 'inbox' }
  const editor = /^\/workflows\/([^/]+)$/.exec(path)
  if (editor?.[1]) return { page: 'editor', workflowId: decodeURIComponent(editor[1]) }
  return { page: 'not-found', path }
}

/** An anchor that navigates without reloading the page (modified clicks still open new tabs). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={handleClick} {...rest} />
}
