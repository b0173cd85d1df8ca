/**
 * Which A/AAAA answers in one DNS response are pool addresses. An address is learned only when
 * its name is a pool name or is reached from one through CNAMEs in the same answer set: a pool
 * name that CNAMEs to a hosting name still teaches the final addresses, while an unrelated name
 * in the same response never does.
 */
import type { DnsAnswer } from '../../src/detect/api';
import { normaliseName, type DomainMatch, type SuffixIndex } from './suffix-index';

export interface PoolAnswer {
  address: string;
  poolName: string;
  resolvedName: string;
  match: DomainMatch;
}

/** DNS messages are small; this bounds the work for a malformed or hostile record all the same. */
const MAX_ANSWERS = 64;

export function poolAnswers(answers: readonly DnsAnswer[] | undefined, index: SuffixIndex): PoolAnswer[] {
  if (!answers || answers.length === 0) return [];
  const considered = answers.slice(0, MAX_ANSWERS);
  /** Name → the pool match its resolution chain started from. */
  const rooted = new Map<string, DomainMatch>();
  for (const answer of considered) {
    const names = answer.type === 'CNAME' ? [answer.name, answer.value] : [answer.name];
    for (const raw of names) {
      const match = index.match(raw);
      if (match && !rooted.has(match.domain)) rooted.set(match.domain, match);
    }
  }
  if (rooted.size === 0) return [];
  // CNAME records may come in any order: extend the chains until nothing changes.
  for (let grew = true, pass = 0; grew && pass < considered.length; pass++) {
    grew = false;
    for (const answer of considered) {
      if (answer.type !== 'CNAME') continue;
      const from = normaliseName(answer.name);
      const to = normaliseName(answer.value);
      const root = from && rooted.get(from);
      if (root && to && !rooted.has(to)) {
        rooted.set(to, root);
        grew = true;
      }
    }
  }
  const found: PoolAnswer[] = [];
  for (const answer of considered) {
    if (answer.type !== 'A' && answer.type !== 'AAAA') continue;
    const name = normaliseName(answer.name);
    const root = name && rooted.get(name);
    if (root) found.push({ address: answer.value, poolName: root.domain, resolvedName: name, match: root });
  }
  return found;
}
