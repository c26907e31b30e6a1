import type { PilotSettings } from '@conveyor/shared/protocol/pilots'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import { PilotCard } from './pilot-card'
import { StartPilotForm } from './start-pilot-form'
import { useAction } from './use-action'
import { usePolling } from './use-polling'

/**
 * Pilots of the workflow: start one (the diagram as shown, on a share of new items, with
 * guardrails), and read each one's figures against the current version as items end, with
 * promote and roll back while it runs. The runtime rolls a pilot back by itself on a breach.
 */
export function PilotsSection({
  workflowId,
  mayDecide,
  storeChanges,
}: {
  workflowId: string
  mayDecide: boolean
  storeChanges: () => Promise<void>
}) {
  const pilots = useResource(() => api.listPilots(workflowId), workflowId)
  usePolling(pilots.reload, 3_000)
  const running = pilots.data?.some((pilot) => pilot.state === 'running') ?? false

  const { busy, notice, act } = useAction(pilots.reload)
  const start = (settings: PilotSettings) =>
    act(async () => {
      // The runtime deploys what it has stored: make sure it has the diagram on screen.
      await storeChanges()
      const result = await api.deploy(workflowId, settings)
      return 'request' in result
        ? `Pilot requested — waiting for another person's approval (request ${result.request.n})`
        : `Pilot of version ${result.deployment.version} started`
    })

  return (
    <section aria-label="Pilots">
      <h3>Pilots</h3>
      {pilots.error && <p role="alert">Pilots could not be loaded: {pilots.error}</p>}
      {notice && <p role={notice.failed ? 'alert' : 'status'}>{notice.text}</p>}
      {mayDecide && pilots.data && !running ? <StartPilotForm busy={busy} onStart={start} /> : null}
      {pilots.data?.length === 0 ? <p>No pilot yet.</p> : null}
      <ul className="pilots" aria-label="Pilots, newest first">
        {pilots.data?.map((pilot) => (
          <PilotCard
            key={pilot.version}
            pilot={pilot}
            mayDecide={mayDecide}
            busy={busy}
            onPromote={() =>
              act(async () => {
                await api.promotePilot(workflowId, pilot.version)
                return `Version ${pilot.version} now takes every new item`
              })
            }
            onRollBack={(reason) =>
              act(async () => {
                await api.rollBackPilot(workflowId, pilot.version, reason || undefined)
                return `Pilot of version ${pilot.version} rolled back: no new item goes to it`
              })
            }
          />
        ))}
      </ul>
    </section>
  )
}
