/**
 * Whether an endpoint may be contacted at all, before anything else: a unicast address and a real
 * port, inside probe.allow. Home networks (and loopback) are our own side of the network: one is
 * probed only when an allow range that lies within the home networks lists it — a catch-all such as
 * 0.0.0.0/0 opens the outside world, never the inside.
 */
import { addressBits, cidrMatcher, inCidr, parseCidr, parseIp, type Cidr } from '../flow/ip';

export type PlanDecision = 'probe' | 'not-allowed' | 'home' | 'cached' | 'invalid';

export interface Decided {
  decision: PlanDecision;
  reason: string;
}

/** Never a host: "this network", multicast, reserved and the limited broadcast, unspecified. */
const NEVER = cidrMatcher(['0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4', '::/128', 'ff00::/8']);
const LOOPBACK = cidrMatcher(['127.0.0.0/8', '::1/128']);

/** An address as text parseIp reads back (IPv6 uncompressed): for testing a range's ends. */
function addressText(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  return Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

export class Safety {
  private readonly allow: Cidr[];

  constructor(
    allow: readonly string[],
    private readonly isHomeNetwork: (ip: string) => boolean,
  ) {
    this.allow = allow.map(parseCidr);
  }

  /** Home: a home network, or loopback (our own host is the most inside of all); undefined when the caller's test fails. */
  private home(ip: string): boolean | undefined {
    if (LOOPBACK(ip)) return true;
    try {
      return this.isHomeNetwork(ip);
    } catch {
      return undefined;
    }
  }

  /** A range that lies within the home networks: both its ends are home. */
  private listsHome(range: Cidr): boolean {
    const span = (1n << BigInt(addressBits(range.version) - range.bits)) - 1n;
    return this.home(addressText(range.version, range.base)) === true && this.home(addressText(range.version, range.base + span)) === true;
  }

  decide(address: string, port: number): Decided {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { decision: 'invalid', reason: `port ${port} is not 1..65535` };
    if (typeof address !== 'string' || !parseIp(address)) return { decision: 'invalid', reason: `${String(address).slice(0, 64)} is not an IP address` };
    if (NEVER(address)) return { decision: 'invalid', reason: 'a multicast, broadcast, reserved or unspecified address' };
    const covering = this.allow.filter((range) => inCidr(address, range));
    const home = this.home(address);
    // Cannot tell: treated as home, the side never probed unless listed.
    if (home === undefined) return { decision: 'home', reason: 'could not tell whether it is a home address (isHome failed)' };
    if (home) {
      const explicit = covering.find((range) => this.listsHome(range));
      if (explicit) return { decision: 'probe', reason: `a home address listed in probe.allow (${explicit.text})` };
      const what = LOOPBACK(address) ? 'a loopback address' : 'a home-network address';
      return { decision: 'home', reason: `${what}: probed only when a probe.allow range within the home networks lists it` };
    }
    if (covering.length === 0) {
      return { decision: 'not-allowed', reason: this.allow.length === 0 ? 'probe.allow is empty: nothing is probed' : 'outside probe.allow' };
    }
    return { decision: 'probe', reason: `inside probe.allow (${covering[0].text})` };
  }
}
