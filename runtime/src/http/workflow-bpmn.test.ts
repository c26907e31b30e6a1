import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

const fixture = (name: string) =>
  readFileSync(new URL(`../../../shared/src/bpmn/testing/${name}`, import.meta.url), 'utf8')
const claims = fixture('camunda-claims.bpmn')

let h: Harness

beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

const importXml = (xml: string, contentType = 'application/bpmn+xml', token = h.tokens.editor) =>
  h.request('POST', '/api/workflows/import', {
    token,
    rawBody: xml,
    headers: { 'content-type': contentType },
  })
const workflowCount = async () => (await jsonOf(await h.request('GET', '/api/workflows'))).items.length

describe('importing a BPMN file through the API', () => {
  it('creates the workflow and returns it with the report', async () => {
    const response = await importXml(claims)
    expect(response.status).toBe(201)
    const { workflow, report } = await jsonOf(response)
    expect(workflow).toMatchObject({ id: 'claims-handling', name: 'Claims handling', nodeCount: 17 })
    expect(report.exporter).toBe('Camunda Modeler')
    expect(report.notes.map((note: { bpmnId: string }) => note.bpmnId)).toEqual([
      'Activity_Assess',
      'Gateway_Merge',
      'Flow_Large',
      'Flow_Fraud',
    ])
    const stored = await jsonOf(await h.request('GET', '/api/workflows/claims-handling'))
    expect(stored.document.lanes).toHaveLength(3)
  })

  it('takes application/xml too, and counts the id up when it is taken', async () => {
    const response = await importXml(claims, 'application/xml; charset=utf-8')
    expect(response.status).toBe(201)
    expect((await jsonOf(response)).workflow.id).toBe('claims-handling-2')
  })

  it('is for designers only', async () => {
    expect((await importXml(claims, 'application/bpmn+xml', h.tokens.viewer)).status).toBe(403)
  })
})

describe('refusing a bad BPMN file, storing nothing', () => {
  const refused = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status)
    const { error } = await jsonOf(response)
    expect(error.code).toBe(code)
    return error as { message: string; details?: { line: number; column: number } }
  }

  it('refuses other media types with 415', async () => {
    const before = await workflowCount()
    await refused(await importXml(claims, 'text/plain'), 415, 'unsupported_media_type')
    expect(await workflowCount()).toBe(before)
  })

  it('names the line and column where the text stops being XML', async () => {
    const error = await refused(await importXml('<definitions>\n<process>\n</definitions>'), 422, 'not_xml')
    expect(error.message).toMatch(/closing tag mismatch at line 3, column 1/)
    expect(error.details).toEqual({ line: 3, column: 1 })
  })

  it('refuses XML that is not BPMN', async () => {
    const error = await refused(await importXml('<invoice xmlns="urn:acme"/>'), 422, 'not_bpmn')
    expect(error.message).toContain('<invoice>')
  })

  it('refuses entity bombs and external entities without expanding or reading them', async () => {
    const before = await workflowCount()
    const bomb = `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${claims.replace(/^<\?xml[^>]*>/, '').replace('name="Claims handling"', 'name="&b;"')}`
    await refused(await importXml(bomb), 422, 'doctype_refused')
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${claims.replace(/^<\?xml[^>]*>/, '').replace('name="Claims handling"', 'name="&x;"')}`
    const error = await refused(await importXml(xxe), 422, 'doctype_refused')
    expect(error.message).not.toMatch(/root:/)
    expect(await workflowCount()).toBe(before)
  })

  it('refuses a 50 MB file with 413 before reading it', async () => {
    const before = await workflowCount()
    const huge = claims.replace(
      '</bpmn:definitions>',
      `<!-- ${'x'.repeat(50 * 1024 * 1024)} --></bpmn:definitions>`,
    )
    await refused(await importXml(huge), 413, 'body_too_large')
    expect(await workflowCount()).toBe(before)
  })
})

describe('exporting a workflow as BPMN through the API', () => {
  it('downloads BPMN 2.0 that imports back into the same workflow', async () => {
    const response = await h.request('GET', '/api/workflows/claims-handling/export?format=bpmn', {
      token: h.tokens.viewer,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/bpmn+xml; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="claims-handling.bpmn"')
    const xml = await response.text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<bpmn:definitions /)
    const again = await jsonOf(await importXml(xml))
    const stored = await jsonOf(await h.request('GET', '/api/workflows/claims-handling'))
    expect(again.report.notes).toEqual([])
    expect(again.workflow.document).toEqual({ ...stored.document, id: again.workflow.id })
  })

  it('names the formats it knows, and the workflow it cannot find', async () => {
    const unknown = await h.request('GET', '/api/workflows/claims-handling/export?format=xpdl')
    expect(unknown.status).toBe(422)
    expect((await jsonOf(unknown)).error.message).toBe('"format" must be "bpmn"')
    const missing = await h.request('GET', '/api/workflows/nowhere/export?format=bpmn')
    expect(missing.status).toBe(404)
  })
})
