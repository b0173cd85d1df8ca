// PLACEHOLDER until the text-export helper lands.
import type { FormatReader } from '../format-reader';
export const looksLikeNfdumpCsv = (_head: Buffer): boolean => false;
export const readNfdumpCsv: FormatReader = async () => ({ packets: 0, flows: 0, issueCounts: {} });
