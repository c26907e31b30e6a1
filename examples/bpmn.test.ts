import { examples } from '@conveyor/examples'
import { exportBpmn, importBpmn } from '@conveyor/shared/bpmn'
import { createModdle } from '@conveyor/shared/bpmn/moddle'
import { bpmnSchemaErrors } from '@conveyor/shared/bpmn/testing/validate-bpmn-xsd'
import { describe, expect, it } from 'vitest'

describe.each(examples.map((example) => [example.slug, example.document] as const))(
  'the %s example as BPMN 2.0',
  (_slug, document) => {
    it('comes back the same workflow: ids, kinds, modes, lanes, edges, conditions, positions', async () => {
      const { document: back, report } = await importBpmn(await exportBpmn(document))
      expect(report.notes).toEqual([])
      expect(back).toEqual(document)
    })

    it('validates against the BPMN 2.0 schema and reads back without warnings', async () => {
      const xml = await exportBpmn(document)
      expect(await bpmnSchemaErrors(xml)).toEqual([])
      const { warnings } = await createModdle().fromXML(xml)
      expect(warnings).toEqual([])
    })
  },
)
