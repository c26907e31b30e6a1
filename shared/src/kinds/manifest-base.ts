/** What the manifest entry of every kind of node holds. */
export interface ManifestBase {
  label: string
  lane?: string
}
