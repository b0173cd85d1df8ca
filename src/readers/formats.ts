/** Input format → its reader. A new format adds its magic to sniff.ts and one row here. */
import type { InputFormat } from './sniff';
import type { FormatReader } from './format-reader';
import { captureReader } from './capture-input';
import { readExportFile } from './netflow/export-file';
import { readNfcapd } from './nfdump';
import { readSflowFile } from './sflow/sflow-file';
import { readNfdumpCsv } from './text/nfdump-csv';
import { readGoflow2Json } from './text/goflow2-json';
import { readMappedCsv } from './text/mapped-csv';

export const FORMAT_READERS: Record<Exclude<InputFormat, 'unknown'>, FormatReader> = {
  pcap: captureReader('pcap'),
  pcapng: captureReader('pcapng'),
  nfcapd: readNfcapd,
  netflow: readExportFile,
  sflow: readSflowFile,
  'nfdump-csv': readNfdumpCsv,
  'goflow2-json': readGoflow2Json,
  'mapped-csv': readMappedCsv,
};
