import { rmSync } from 'node:fs'

/** The runtime's temporary data folder goes once the run is over. */
export default function globalTeardown(): void {
  const dataDir = process.env.CONVEYOR_E2E_DATA
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
}
