/**
 * The `conveyor:` extension of BPMN 2.0, as a moddle package: what a BPMN file cannot say about a
 * workflow (a step's mode, its forms and connectors, a decision's branch ids, an end's outcome) is
 * kept in attributes and one extension element per element, which BPMN tools keep untouched.
 */
export const conveyorNamespace = 'https://conveyor.dev/schema/bpmn/1'

export const conveyorExtension = {
  name: 'Conveyor',
  prefix: 'conveyor',
  uri: conveyorNamespace,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'Attributes',
      isAbstract: true,
      extends: ['bpmn:BaseElement'],
      properties: [
        /** The Conveyor id, when it could not be the BPMN id (ids are unique across a whole BPMN file). */
        { name: 'key', isAttr: true, type: 'String' },
        { name: 'mode', isAttr: true, type: 'String' },
        { name: 'outcome', isAttr: true, type: 'String' },
        { name: 'kind', isAttr: true, type: 'String' },
        { name: 'branch', isAttr: true, type: 'String' },
        { name: 'width', isAttr: true, type: 'Real' },
        { name: 'height', isAttr: true, type: 'Real' },
      ],
    },
    {
      /** The rest of a node's data (or of the document's fields), as JSON text. */
      name: 'Data',
      superClass: ['Element'],
      properties: [{ name: 'json', isBody: true, type: 'String' }],
    },
  ],
}
