import { Link, usePathname } from '../app/router'

const links = [
  { href: '/', text: 'Workflows' },
  { href: '/inbox', text: 'Inbox' },
]

/** The header links between the app's pages. */
export function SiteNav() {
  const pathname = usePathname()
  return (
    <nav aria-label="Main" className="site-nav">
      <span className="brand">Conveyor</span>
      {links.map((link) => (
        <Link key={link.href} href={link.href} aria-current={pathname === link.href ? 'page' : undefined}>
          {link.text}
        </Link>
      ))}
    </nav>
  )
}
