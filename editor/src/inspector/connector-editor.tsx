import type { AutomateConfig, Connector } from '@conveyor/shared'
import { ExpressionField } from '../monaco/expression-field'
import { RetryEditor } from './common-editors'
import { Section, SelectField, TextField } from './fields'
import { useSecretNames } from '../api/use-secret-names'

const connectorDefaults: { [K in Connector['kind']]: Extract<Connector, { kind: K }> } = {
  http: { kind: 'http', method: 'POST', url: 'https://example.com/api' },
  transform: { kind: 'transform', expression: '$' },
  delay: { kind: 'delay', duration: '1h' },
}

const kindOptions = [
  { value: 'http', label: 'Call an HTTP API' },
  { value: 'transform', label: 'Transform the data' },
  { value: 'delay', label: 'Wait' },
] as const

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

function headersText(headers: Record<string, string> | undefined): string | undefined {
  return headers
    ? Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n')
    : undefined
}

function parseHeaders(text: string | undefined): Record<string, string> | undefined {
  const entries = (text ?? '').split('\n').flatMap((line) => {
    const at = line.indexOf(':')
    return at > 0 ? [[line.slice(0, at).trim(), line.slice(at + 1).trim()] as const] : []
  })
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

interface ConnectorEditorProps {
  /** The step whose connector this is (its expressions are typed together on a live connection). */
  nodeId: string
  value: AutomateConfig | undefined
  dataFields: string[]
  onChange: (value: AutomateConfig) => void
}

/** What an automated step does: its connector and config, retries and time limit. */
export function ConnectorEditor({ nodeId, value, dataFields, onChange }: ConnectorEditorProps) {
  const connector = value?.connector
  const at = (key: string) => ({ nodeId, path: ['automate', 'connector', key] })
  const set = (next: Connector) => onChange({ ...value, connector: next })
  const secretNames = useSecretNames()
  return (
    <>
      <Section title="Connector">
        <SelectField
          label="Connector"
          value={connector?.kind}
          emptyLabel="Choose what the step does"
          options={kindOptions}
          onChange={(kind) => kind && set(connector?.kind === kind ? connector : connectorDefaults[kind])}
        />
        {connector?.kind === 'http' ? (
          <>
            <SelectField
              label="Method"
              value={connector.method}
              options={methods.map((method) => ({ value: method, label: method }))}
              onChange={(method) => method && set({ ...connector, method })}
            />
            <TextField
              label="URL"
              value={connector.url}
              required
              onCommit={(url) => url && set({ ...connector, url })}
            />
            <TextField
              label="Headers"
              hint="One per line: Name: value"
              multiline
              value={headersText(connector.headers)}
              onCommit={(text) => set({ ...connector, headers: parseHeaders(text) })}
            />
            <SecretReferences names={secretNames} />
            <ExpressionField
              label="Request body"
              hint="JSONata over { data }"
              value={connector.body}
              fields={dataFields.map((field) => `data.${field}`)}
              field={at('body')}
              onCommit={(body) => set({ ...connector, body })}
            />
            <ExpressionField
              label="Result from the response"
              hint="JSONata over { status, headers, body }"
              value={connector.response}
              fields={['status', 'headers', 'body']}
              field={at('response')}
              onCommit={(response) => set({ ...connector, response })}
            />
          </>
        ) : null}
        {connector?.kind === 'transform' ? (
          <ExpressionField
            label="Transformation"
            value={connector.expression}
            fields={dataFields}
            field={at('expression')}
            onCommit={(expression) => expression && set({ ...connector, expression })}
          />
        ) : null}
        {connector?.kind === 'delay' ? (
          <>
            <TextField
              label="Wait for"
              hint="Like 30m, 2d"
              value={connector.duration}
              onCommit={(duration) => set({ ...connector, duration })}
            />
            <ExpressionField
              label="Or wait until"
              hint="JSONata giving an ISO time"
              value={connector.until}
              fields={dataFields}
              field={at('until')}
              onCommit={(until) => set({ ...connector, until })}
            />
          </>
        ) : null}
        {connector ? (
          <TextField
            label="Time limit per attempt"
            hint="Like 30s; leave empty for none"
            value={value?.timeout}
            onCommit={(timeout) => onChange({ ...value!, timeout })}
          />
        ) : null}
      </Section>
      {connector ? (
        <RetryEditor value={value?.retry} onChange={(retry) => onChange({ ...value!, retry })} />
      ) : null}
    </>
  )
}

/** The stored secrets, as the references to write where the URL, a header or the body needs one. */
function SecretReferences({ names }: { names: ReadonlySet<string> | undefined }) {
  const stored = [...(names ?? [])]
  const advice =
    stored.length > 0
      ? 'Stored secrets, sent only when the step runs (write the reference in the URL, a header or the body):'
      : names
        ? 'No secrets are stored yet. An operator adds them; write {{secret:NAME}} to use one.'
        : 'Write {{secret:NAME}} to use a secret an operator stored; it is sent only when the step runs.'
  return (
    <div className="field" role="group" aria-label="Stored secrets">
      <p className="field__hint">{advice}</p>
      {stored.length > 0 ? (
        <ul className="secret-references">
          {stored.map((name) => (
            <li key={name}>
              <code>{`{{secret:${name}}}`}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
