// PLACEHOLDER until the text-export helper lands.
import type { FormatReader } from '../format-reader';
export const looksLikeGoflow2Json = (_head: Buffer): boolean => false;
export const readGoflow2Json: FormatReader = async () => ({ packets: 0, flows: 0, issueCounts: {} });
