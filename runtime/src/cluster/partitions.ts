import { createHash } from 'node:crypto'

/**
 * How many partitions the work is divided into. Fixed: each partition's owner is recorded in the
 * database (`partition_leases`, one row each), and every key must keep landing in the same one.
 * It bounds the replicas that can share the work usefully to a few dozen.
 */
export const partitionCount = 64

/** Every partition number, 0 to 63. */
export const allPartitions: readonly number[] = Array.from({ length: partitionCount }, (_, part) => part)

/**
 * The partition a key (an instance id, a workflow id) belongs to: the first 4 bytes of the SHA-256
 * of its UTF-8 text, read as a big-endian unsigned 32-bit integer, modulo 64. The same on every
 * replica and every version: changing it would move work between owners.
 */
export function partitionOf(key: string): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % partitionCount
}
