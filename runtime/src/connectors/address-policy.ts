import { BlockList, isIP } from 'node:net'

/**
 * Which addresses the http connector may reach. Private, loopback, link-local and other
 * non-public ranges are refused unless allow-listed by name, address or CIDR range: a workflow
 * author must not be able to make the runtime call into its own network.
 */
export class AddressPolicy {
  private readonly blocked = new BlockList()
  private readonly allowedRanges = new BlockList()
  private readonly allowedNames = new Set<string>()

  constructor(allow: string[] = []) {
    for (const [net, prefix] of [
      ['0.0.0.0', 8],
      ['10.0.0.0', 8],
      ['100.64.0.0', 10],
      ['127.0.0.0', 8],
      ['169.254.0.0', 16],
      ['172.16.0.0', 12],
      ['192.0.0.0', 24],
      ['192.168.0.0', 16],
      ['198.18.0.0', 15],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
    ] as const) {
      this.blocked.addSubnet(net, prefix, 'ipv4')
    }
    for (const [net, prefix] of [
      ['::', 128],
      ['::1', 128],
      ['fc00::', 7],
      ['fe80::', 10],
      ['ff00::', 8],
    ] as const) {
      this.blocked.addSubnet(net, prefix, 'ipv6')
    }
    for (const entry of allow) {
      const [address, prefix] = entry.split('/')
      const family = isIP(address ?? '')
      if (family === 0) this.allowedNames.add(entry.toLowerCase())
      else if (prefix === undefined) this.allowedRanges.addAddress(address!, family === 4 ? 'ipv4' : 'ipv6')
      else this.allowedRanges.addSubnet(address!, Number(prefix), family === 4 ? 'ipv4' : 'ipv6')
    }
  }

  hostAllowListed(hostname: string): boolean {
    return this.allowedNames.has(hostname.toLowerCase())
  }

  /** Why the address may not be reached, or undefined when it may. */
  refusal(address: string): string | undefined {
    // An IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    if (mapped) return this.refusal(mapped[1]!)
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (this.allowedRanges.check(address, family)) return undefined
    if (this.blocked.check(address, family)) {
      return `${address} is a private, loopback or link-local address; allow-list it in CONVEYOR_ALLOW_HOSTS (names, addresses or CIDR ranges, comma-separated) to call it`
    }
    return undefined
  }
}
