/**
 * A whole number read from the database as a JS number, refused when a number cannot hold it
 * exactly (epoch milliseconds and counters stay far below 2^53).
 */
export function safeInteger(value: bigint | string, where: string): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) {
    throw new RangeError(
      `${where} holds ${String(value)}, beyond the integers a JS number holds exactly (±${Number.MAX_SAFE_INTEGER})`,
    )
  }
  return number
}

/** Bytes as a plain Uint8Array over the driver's Buffer (no copy), so both databases read alike. */
export function plainBytes(value: Buffer): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
}
