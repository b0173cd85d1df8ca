/**
 * Plain lists: one entry per line, `#` and `!` comments, blank lines. One reader takes the
 * shapes mining blocklists come in:
 *  - bare domains and addresses (CoinBlockerLists `list.txt`, FireHOL ipsets and netsets),
 *  - hosts files (`0.0.0.0 pool.example.com`, CoinBlockerLists `hosts`, nocoin `hosts.txt`): the
 *    names are the facts, the address is where the list's author sends them (a sink), never one,
 *  - `ip:port`, `[v6]:port` and `stratum+tcp://host:port` pool addresses,
 *  - adblock network rules anchored at a domain (`||coinhive.com^$third-party`, NoCoin's list).
 * Everything else an adblock list holds (URL, regex, cosmetic and exception rules) is valid but
 * is no address or domain: skipped, not a problem.
 */
import { looksLikeAddress, readAddress, readPort } from './address';
import { readName } from './domain';
import type { FeedImport, ImportOptions } from './import-result';
import { ImportCollector } from './import-result';
import { eachLine } from './lines';
import { excerpt } from '../../text/clean';

/** What one entry of a line is. */
type Entry =
  | { kind: 'endpoint'; address: string; port?: number }
  | { kind: 'name'; name: string }
  | { kind: 'skip' }
  | { kind: 'problem'; reason: string };

/** Names every hosts file carries for the machine itself. */
const HOSTS_OWN_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'local',
  'broadcasthost',
  'ip6-localhost',
  'ip6-loopback',
  'ip6-localnet',
  'ip6-mcastprefix',
  'ip6-allnodes',
  'ip6-allrouters',
  'ip6-allhosts',
]);

const ADBLOCK_HEADER = /^\[(adblock|ublock|adguard)/i;
const COSMETIC = ['##', '#@#', '#?#', '#$#', '#%#'];
const STRATUM = /^stratum2?(\+(tcp|ssl|tls))?:\/\//i;
const OTHER_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

function addressOrName(text: string, port?: number): Entry {
  if (looksLikeAddress(text)) {
    const address = readAddress(text);
    if (address.kind === 'problem') return { kind: 'problem', reason: `${excerpt(text)} ${address.reason}` };
    if (address.kind === 'skip') return { kind: 'skip' };
    return { kind: 'endpoint', address: address.range.text, ...(port !== undefined ? { port } : {}) };
  }
  const name = readName(text);
  if (name.kind === 'problem') return { kind: 'problem', reason: `${excerpt(text)} ${name.reason}` };
  // A name fact has no port: the whole domain is the pool's.
  return { kind: 'name', name: name.name };
}

/** `host:port` / `[v6]:port` / a bare host; an unbracketed IPv6 address has no port. */
function hostAndPort(text: string): Entry {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { kind: 'problem', reason: `${excerpt(text)} has an unclosed [` };
    const rest = text.slice(close + 1);
    if (rest === '') return addressOrName(text.slice(1, close));
    const port = rest.startsWith(':') ? readPort(rest.slice(1)) : undefined;
    if (port === undefined) return { kind: 'problem', reason: `${excerpt(text)} has no port (1-65535) after the ]` };
    const entry = addressOrName(text.slice(1, close), port);
    return entry.kind === 'name' ? { kind: 'problem', reason: `${excerpt(text)}: only IPv6 addresses go in brackets` } : entry;
  }
  const colon = text.indexOf(':');
  if (colon >= 0 && colon === text.lastIndexOf(':')) {
    const port = readPort(text.slice(colon + 1));
    if (port === undefined) return { kind: 'problem', reason: `${excerpt(text)} has no port (1-65535) after the :` };
    return addressOrName(text.slice(0, colon), port);
  }
  return addressOrName(text);
}

/** `||domain^$options`: a domain-anchored adblock rule. */
function adblockRule(text: string): Entry {
  const dollar = text.indexOf('$');
  let host = dollar < 0 ? text.slice(2) : text.slice(2, dollar);
  if (host.endsWith('^')) host = host.slice(0, -1);
  // A path, wildcard or separator left: a URL rule, not a whole domain.
  if (host === '' || /[/*^|]/.test(host)) return { kind: 'skip' };
  return hostAndPort(host);
}

function readEntry(token: string): Entry {
  if (token.startsWith('@@') || COSMETIC.some((c) => token.includes(c))) return { kind: 'skip' };
  if (token.startsWith('||')) return adblockRule(token);
  if (token.startsWith('|') || token.startsWith('/')) return { kind: 'skip' };
  const stratum = STRATUM.exec(token);
  if (stratum) {
    const rest = token.slice(stratum[0].length);
    const slash = rest.indexOf('/');
    return hostAndPort(slash < 0 ? rest : rest.slice(0, slash));
  }
  if (OTHER_URL.test(token)) return { kind: 'skip' };
  return hostAndPort(token);
}

/** `address name [name...]`: the names, each one an entry. */
function hostsLine(tokens: readonly string[]): Entry[] {
  return tokens.slice(1).map((token) => {
    const lower = token.toLowerCase();
    if (HOSTS_OWN_NAMES.has(lower) || readAddress(token).kind !== 'problem') return { kind: 'skip' };
    const name = readName(token);
    return name.kind === 'name' ? { kind: 'name', name: name.name } : { kind: 'problem', reason: `${excerpt(token)} ${name.reason}` };
  });
}

function isHostsAddress(token: string): boolean {
  // `0` alone is how some hosts lists spell 0.0.0.0.
  return token === '0' || (!token.includes('/') && readAddress(token).kind !== 'problem');
}

export function importList(text: string, options: ImportOptions): FeedImport {
  const collector = new ImportCollector(options);
  eachLine(text, collector, ({ number, text: raw }) => {
    let line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!') || ADBLOCK_HEADER.test(line)) return;
    collector.row();
    // Inline comments need white space before the #: `example.com##.ad` is a cosmetic rule.
    const comment = line.search(/\s#/);
    if (comment >= 0) line = line.slice(0, comment).trim();
    const tokens = line.split(/\s+/);
    let entries: Entry[];
    if (tokens.length === 1) entries = [readEntry(tokens[0])];
    else if (isHostsAddress(tokens[0])) entries = hostsLine(tokens);
    else entries = [{ kind: 'problem', reason: `${excerpt(line)}: one entry per line, or a hosts line (address, then names)` }];
    for (const entry of entries) {
      if (entry.kind === 'endpoint') collector.endpoint(entry.address, number, entry.port !== undefined ? { port: entry.port } : {});
      else if (entry.kind === 'name') collector.name(entry.name, number);
      else if (entry.kind === 'problem') collector.problem(number, entry.reason);
    }
    if (entries.every((e) => e.kind === 'skip')) collector.skip();
  });
  return collector.result();
}
