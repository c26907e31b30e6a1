import { nameOf, type Check } from '../check-context'

/** `{{…}}` placeholders, which may stand in the path and query of an address but not its host. */
const placeholder = /\{\{[^{}]*\}\}/g
const httpStart = /^(https?):\/\/([^/?#]*)/i
const anyScheme = /^([a-z][a-z0-9+.-]*):/i

/**
 * Why an http connector's URL cannot be called, or undefined when it can: the runtime calls only
 * absolute http and https addresses, and checks the host against its address policy, so the
 * scheme and host must be written out.
 */
export function urlProblem(written: string): string | undefined {
  const url = written.trim()
  const start = httpStart.exec(url)
  if (!start) {
    const scheme = anyScheme.exec(url)?.[1]
    return scheme && !url.startsWith('{{')
      ? `uses ${scheme.toLowerCase()}:, but steps can only call http and https addresses`
      : 'is not a whole address starting with https:// or http://'
  }
  const host = start[2]!
  // Written as https:///path, a browser's URL parser would take "path" for the host.
  if (host === '') return 'has no host'
  if (host.includes('{{') || host.includes('}}')) return 'has a placeholder in its host'
  try {
    new URL(url.replace(placeholder, 'x'))
    return undefined
  } catch {
    return 'is not a valid address'
  }
}

/** Every http connector calls an address the runtime can call. */
export const checkUrls: Check = ({ graph, report, nodePath }) => {
  for (const node of graph.nodes.values()) {
    if (node.type !== 'step' || node.data.mode !== 'automate') continue
    const connector = node.data.automate?.connector
    if (connector?.kind !== 'http') continue
    const problem = urlProblem(connector.url)
    if (problem === undefined) continue
    report('step.invalid-url', {
      nodeId: node.id,
      path: nodePath(node.id, 'data', 'automate', 'connector', 'url'),
      message: `The URL of step ${nameOf(node)}, "${connector.url}", ${problem}.`,
    })
  }
}
