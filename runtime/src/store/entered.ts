/** The `entered` column of the event log: `nodeId:visit` pairs joined by commas. */
export function parseEntered(text: string | null): Array<{ nodeId: string; visit: number }> {
  if (!text) return []
  return text.split(',').map((pair) => {
    const at = pair.lastIndexOf(':')
    return { nodeId: pair.slice(0, at), visit: Number(pair.slice(at + 1)) }
  })
}
