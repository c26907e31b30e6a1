import { readFileSync } from 'node:fs'

/** A BPMN file written for the tests the way a modelling tool writes it (see this folder). */
export const readFixture = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
