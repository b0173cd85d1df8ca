/**
 * nfdump `-o csv` columns, found by header name (never position): nfdump has printed three
 * layouts under that option, and `-o 'csv:%ts,%sa,...'` lets users choose their own columns.
 *
 * - nfdump 1.6.x, and 1.7.0-1.7.4 unchanged (Debian's 1.7.1 prints it): 48 short names
 *   `ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,...,ra,eng,exid,tr`.
 * - newer 1.7 (output_csv.c, formatTable): long names, default
 *   `firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows`
 *   (nfdump.conf.dist `csv.cvsline`, issue phaag/nfdump#631), plus `lastSeen`, `inPackets`,
 *   `outBytes`, `routerIP`, `flags`, ... when asked for.
 * - `-o csv-fast` (output_csv_fast.c): `cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,
 *   dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes`, times in Unix milliseconds.
 */

export type NfdumpRole =
  | 'first'
  | 'last'
  | 'duration'
  | 'src'
  | 'dst'
  | 'srcPort'
  | 'dstPort'
  | 'protocol'
  | 'flags'
  | 'packets'
  | 'bytes'
  | 'outPackets'
  | 'outBytes'
  | 'exporter';

/** Header names per role, the 1.6 short name first; the first one present wins. */
const ALIASES: Readonly<Record<NfdumpRole, readonly string[]>> = {
  first: ['ts', 'firstSeen'],
  last: ['te', 'lastSeen'],
  duration: ['td', 'duration'],
  src: ['sa', 'srcAddr'],
  dst: ['da', 'dstAddr'],
  srcPort: ['sp', 'srcPort'],
  dstPort: ['dp', 'dstPort'],
  protocol: ['pr', 'proto'],
  flags: ['flg', 'flags'],
  packets: ['ipkt', 'inPackets', 'packets'],
  bytes: ['ibyt', 'inBytes', 'bytes'],
  outPackets: ['opkt', 'outPackets'],
  outBytes: ['obyt', 'outBytes'],
  exporter: ['ra', 'routerIP'],
};

const REQUIRED: readonly NfdumpRole[] = ['first', 'src', 'dst', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes'];

/** The header nfdump 1.6-1.7.4 print; `nfdump -q` leaves it out, and rows of that shape imply it. */
export const NFDUMP_16_HEADER: readonly string[] = (
  'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,' +
  'ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr'
).split(',');

/** Column index per role (-1 when absent), the header's names and its width. */
export type NfdumpColumns = Record<NfdumpRole, number> & { names: readonly string[] };

export type ColumnLookup = { columns: NfdumpColumns; missing?: undefined } | { columns?: undefined; missing: string[] };

export function nfdumpColumns(names: readonly string[]): ColumnLookup {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const columns = { names } as NfdumpColumns;
  const missing: string[] = [];
  for (const role of Object.keys(ALIASES) as NfdumpRole[]) {
    const found = ALIASES[role].find((alias) => index.has(alias));
    columns[role] = found === undefined ? -1 : (index.get(found) as number);
    if (found === undefined && REQUIRED.includes(role)) missing.push(ALIASES[role].join(' or '));
  }
  return missing.length > 0 ? { missing } : { columns };
}
