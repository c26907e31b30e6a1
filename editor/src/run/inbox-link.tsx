import { Link } from '../app/router'

/** The way from a diagram to the people's work it creates. */
export function InboxLink() {
  return <Link href="/inbox">Inbox</Link>
}
