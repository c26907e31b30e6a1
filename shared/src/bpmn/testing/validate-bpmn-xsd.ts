import { readdirSync, readFileSync } from 'node:fs'
import { validateXML } from 'xmllint-wasm'

const folder = new URL('./xsd/', import.meta.url)
const schemas = readdirSync(folder)
  .filter((name) => name.endsWith('.xsd'))
  .map((fileName) => ({ fileName, contents: readFileSync(new URL(fileName, folder), 'utf8') }))

/** The errors xmllint finds validating `xml` against the OMG's BPMN 2.0 schema; none when valid. */
export async function bpmnSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'exported.bpmn', contents: xml }],
    schema: schemas.find((schema) => schema.fileName === 'BPMN20.xsd')!,
    preload: schemas.filter((schema) => schema.fileName !== 'BPMN20.xsd'),
  })
  return result.errors.map((error) => error.rawMessage)
}
