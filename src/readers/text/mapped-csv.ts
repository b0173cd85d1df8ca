// PLACEHOLDER until the text-export helper lands.
import type { FormatReader } from '../format-reader';
export const looksLikeMappedCsv = (_head: Buffer): boolean => false;
export const readMappedCsv: FormatReader = async () => ({ packets: 0, flows: 0, issueCounts: {} });
