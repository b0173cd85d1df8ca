/**
 * The method names of the Stratum family as the dialects spell them. Pools are lenient about
 * case (a miner that sends `Mining.Subscribe` or `LOGIN` is served), so a name that matches one
 * of these ignoring case is read as that name; any other name is kept as sent. Only these names
 * are folded: a web app's `Login` stays `Login` unless it is exactly the family's `login`.
 */
const FAMILY_METHODS = [
  // Stratum v1, BIP 310, EthereumStratum/1.0.0 (client, then server)
  'mining.subscribe', 'mining.authorize', 'mining.configure', 'mining.extranonce.subscribe', 'mining.suggest_difficulty',
  'mining.suggest_target', 'mining.submit', 'mining.notify', 'mining.set_difficulty', 'mining.set_target',
  'mining.set_extranonce', 'mining.set_version_mask',
  // EthereumStratum/2.0.0
  'mining.hello', 'mining.hashrate', 'mining.noop', 'mining.set',
  // eth-proxy and Ethereum getwork
  'eth_submitLogin', 'eth_submitWork', 'eth_submitHashrate', 'eth_getWork',
  // XMRig / CryptoNote
  'login', 'submit', 'keepalived', 'getjob', 'job',
  // getwork, getblocktemplate
  'getwork', 'getblocktemplate', 'submitblock',
] as const;

const BY_FOLDED = new Map<string, string>(FAMILY_METHODS.map((name) => [name.toLowerCase(), name]));

/** The family's spelling of `name` when it is one of the family's names in another case. */
export function canonicalMethod(name: string): string {
  return BY_FOLDED.get(name.toLowerCase()) ?? name;
}
