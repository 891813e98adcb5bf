import { BlockList, isIP } from 'node:net';

/** What kind of network an address belongs to; every kind but `public` stays inside a site or host. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

// IANA special-purpose registries (RFC 6890 and successors): ranges a webhook must not reach
// unless the operator allows it, since they lead into the server's own network.
const RANGES: readonly [kind: Exclude<AddressKind, 'public'>, network: string, prefix: number][] = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['cgnat', '100.64.0.0', 10],
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16],
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['reserved', '192.0.2.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4],
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  ['reserved', '100::', 64],
  ['reserved', '2001:db8::', 32],
  ['unique-local', 'fc00::', 7],
  ['link-local', 'fe80::', 10],
  ['reserved', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
  ['reserved', '64:ff9b:1::', 48],
];

const BLOCKS = new Map<Exclude<AddressKind, 'public'>, BlockList>();
for (const [kind, network, prefix] of RANGES) {
  let block = BLOCKS.get(kind);
  if (!block) BLOCKS.set(kind, (block = new BlockList()));
  block.addSubnet(network, prefix, network.includes(':') ? 'ipv6' : 'ipv4');
}

/** Groups of 16 bits of an IPv6 address, `::` expanded and a dotted IPv4 tail turned into two groups. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16));
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 address an IPv6 address carries and is delivered to: IPv4-mapped (::ffff:a.b.c.d), the
 * deprecated IPv4-compatible form (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return null;
}

/** The kind of network of an IP address (IPv4, or IPv6 with or without brackets); throws on anything else. */
export function addressKind(address: string): AddressKind {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  if (family === 6) {
    const carried = embeddedIpv4(bare);
    if (carried !== null) return addressKind(carried);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, block] of BLOCKS) if (block.check(bare, type)) return kind;
  return 'public';
}

const DESCRIBED: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'unique-local': 'a unique-local address',
  cgnat: 'a shared (CGNAT) address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved special-purpose address',
};

/** Why a webhook may not be sent to these addresses (those a host name resolved to), or null when all are public. */
export function privateTargetReason(host: string, addresses: readonly string[]): string | null {
  for (const address of addresses) {
    const kind = addressKind(address);
    if (kind === 'public') continue;
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    const where = bare === address ? `${address} is` : `${host} resolves to ${address},`;
    return `${where} ${DESCRIBED[kind]}; webhooks go to public addresses unless WEBHOOK_ALLOW_PRIVATE=true`;
  }
  return null;
}
