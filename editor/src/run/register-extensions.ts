// Registers the run views (deploy, runs, metrics, what if, deploy requests, a step's state while running) as editor extensions; see app/extensions.ts.
import { registerNodeSection, registerPanelTab, registerToolbarItem } from '../app/extensions'
import { DeployButton } from './deploy-button'
import { DeployRequestsTab } from './deploy-requests-tab'
import { InboxLink } from './inbox-link'
import { ManualStepBadges } from './manual-step-badges'
import { MetricsTab } from './metrics-tab'
import { RunsTab } from './runs-tab'
import { StepInForce } from './step-in-force'
import { LazyWhatIfTab } from '../what-if/lazy-what-if-tab'

registerToolbarItem({ id: 'deploy', order: 200, editorsOnly: true, Component: DeployButton })
registerToolbarItem({ id: 'inbox', order: 210, Component: InboxLink })
registerToolbarItem({ id: 'manual-step-badges', order: 310, Component: ManualStepBadges })
registerPanelTab({ id: 'runs', title: 'Runs', order: 200, Component: RunsTab })
registerPanelTab({ id: 'metrics', title: 'Metrics', order: 210, Component: MetricsTab })
registerPanelTab({ id: 'what-if', title: 'What if', order: 215, Component: LazyWhatIfTab })
registerPanelTab({ id: 'deploys', title: 'Deploys', order: 220, Component: DeployRequestsTab })
registerNodeSection({ id: 'step-in-force', order: 100, Component: StepInForce })
