import type { Check } from '../check-context'
import { checkDecisions } from '../../kinds/decision/checks'
import { checkEdges } from './edges'
import { checkEntriesAndExits } from './exits'
import { checkExceptions } from '../../kinds/exception/checks'
import { checkExpressions } from './expressions'
import { checkFieldReferences } from './field-references'
import { checkFlow } from './flow'
import { checkForks } from '../../kinds/fork/checks'
import { checkIds } from './ids'
import { checkLanes } from './lanes'
import { checkSteps } from '../../kinds/step/checks'
import { checkFallbacks } from '../../kinds/step/fallback-checks'
import { checkToCheck } from './to-check'
import { checkTriggers } from '../../kinds/trigger/checks'
import { checkUrls } from './urls'

/** The checks run on a document that matches the format, in the order their findings are listed. */
export const graphChecks: readonly Check[] = [
  checkIds,
  checkEdges,
  checkTriggers,
  checkEntriesAndExits,
  checkDecisions,
  checkExceptions,
  checkSteps,
  checkFallbacks,
  checkUrls,
  checkLanes,
  checkExpressions,
  checkFieldReferences,
  checkFlow,
  checkForks,
  checkToCheck,
]
