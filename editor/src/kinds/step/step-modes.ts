import type { StepMode } from '@conveyor/shared'

/** How each step mode looks: always icon, words and colour together, never colour alone. */
export const modePresentation: Record<StepMode, { icon: string; label: string; hint: string }> = {
  automate: { icon: '⚙', label: 'Automate', hint: 'a system does it' },
  augment: { icon: '✦', label: 'Augment', hint: 'an assistant drafts, a person decides' },
  human: { icon: '☺', label: 'Human', hint: 'a person does it' },
}

export const stepModes: StepMode[] = ['automate', 'augment', 'human']

export function nextMode(mode: StepMode): StepMode {
  return stepModes[(stepModes.indexOf(mode) + 1) % stepModes.length]!
}
