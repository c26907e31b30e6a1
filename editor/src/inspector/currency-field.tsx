import { defaultCurrency } from '@conveyor/shared/model/document'
import { SelectField } from './fields'

const names = new Intl.DisplayNames(undefined, { type: 'currency' })
/** Every ISO 4217 code the browser knows, named in the reader's language: "EUR — Euro". */
const options = Intl.supportedValuesOf('currency').map((code) => ({
  value: code,
  label: `${code} — ${names.of(code) ?? code}`,
}))

/** The currency of the workflow's costs: the facts typed on its steps, its metrics and what-if figures. */
export function CurrencyField({
  currency,
  onChange,
}: {
  currency: string | undefined
  onChange: (currency: string | undefined) => void
}) {
  return (
    <SelectField
      label="Currency of costs"
      value={currency}
      options={options}
      emptyLabel={`${defaultCurrency} (default)`}
      onChange={onChange}
    />
  )
}
