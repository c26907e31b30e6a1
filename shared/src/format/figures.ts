/**
 * A share from 0 to 1 as a percentage with the precision it has: two significant digits below
 * 10% (0.35%, 3.5%), whole percents above (35%). Rounding 0.0035 to "0%" would say nothing happened.
 */
export function formatShare(share: number): string {
  const percent = share * 100
  if (percent === 0 || Math.abs(percent) >= 10) return `${Math.round(percent)}%`
  return `${Number(percent.toPrecision(2))}%`
}

/** An amount in an ISO 4217 currency as people read it: "€4.00", "US$12.50", "CHF 3.20". */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount)
  } catch {
    // A code Intl does not know still names the currency rather than losing it.
    return `${amount.toFixed(2)} ${currency}`
  }
}
