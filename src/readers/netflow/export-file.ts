// PLACEHOLDER until the NetFlow helper lands.
import type { FormatReader } from '../format-reader';
export const looksLikeExportFile = (_head: Buffer): boolean => false;
export const readExportFile: FormatReader = async () => ({ packets: 0, flows: 0, issueCounts: {} });
