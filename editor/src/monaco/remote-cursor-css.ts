import type { Peer } from '../collab/presence'

/** A CSS string literal: every character but plain letters and digits escaped by its code point. */
export function cssString(text: string): string {
  const escaped = [...text]
    .map((character) =>
      /^[A-Za-z0-9 ]$/.test(character) ? character : `\\${character.codePointAt(0)!.toString(16)} `,
    )
    .join('')
  return `"${escaped}"`
}

/**
 * The rules that colour each person's selection and cursor in shared expression editors, with
 * their name beside the cursor. y-monaco marks them with `yRemoteSelection-<clientID>` and
 * `yRemoteSelectionHead-<clientID>`. Names reach the page only as escaped CSS strings; colours are
 * the checked `#rrggbb` of the presence state.
 */
export function remoteCursorCss(peers: readonly Peer[]): string {
  return peers
    .filter((peer) => Number.isSafeInteger(peer.clientId))
    .map(
      ({ clientId, color, name }) =>
        `.yRemoteSelection-${clientId} { background-color: ${color}33; }\n` +
        `.yRemoteSelectionHead-${clientId} { border-color: ${color}; }\n` +
        `.yRemoteSelectionHead-${clientId}::after { content: ${cssString(name)}; background: ${color}; }`,
    )
    .join('\n')
}
