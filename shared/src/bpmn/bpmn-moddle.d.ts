/** The part of bpmn-moddle's API that Conveyor uses (the package ships no typings for its entry). */
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string
  }
  export interface ModdleObject {
    $type: string
    $attrs?: Record<string, string>
    $parent?: ModdleObject
    get(property: string): unknown
    set(property: string, value: unknown): void
    [property: string]: unknown
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>)
    fromXML(
      xml: string,
      typeName?: string,
    ): Promise<{ rootElement: ModdleObject | undefined; warnings: ModdleWarning[] }>
    toXML(element: ModdleObject, options?: { format?: boolean }): Promise<{ xml: string }>
    create(type: string, properties?: Record<string, unknown>): ModdleObject
  }
}
