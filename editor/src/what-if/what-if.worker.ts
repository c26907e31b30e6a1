// Runs what-if scenarios off the main thread, with the same simulator (and checks) as the runtime.
import '../zod-without-eval'
import { checkScenario, compareScenario } from '@conveyor/shared/what-if/index'
import type { WhatIfRequest, WhatIfResponse } from './what-if-messages'

self.onmessage = (event: MessageEvent<WhatIfRequest>) => {
  const { id, document, scenario, items, seed, findVolumeLimit, calibration } = event.data
  const checked = checkScenario(document, scenario)
  const response: WhatIfResponse = checked.ok
    ? {
        id,
        ok: true,
        comparison: compareScenario(document, checked.scenario, {
          items,
          seed,
          findVolumeLimit,
          ...(calibration && { calibration }),
        }),
      }
    : { id, ok: false, problems: checked.problems }
  self.postMessage(response)
}
