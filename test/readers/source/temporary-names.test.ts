import { isTemporaryName } from '../../../src/readers/source/temporary-names';

describe('isTemporaryName', () => {
  it.each([
    '.nfcapd.202611221005.Ab12Cd', // rsync temp
    '.hidden',
    'nfcapd.current.123',
    'nfcapd.current',
    'flows.csv.tmp',
    'capture.pcap.TMP',
    'capture.pcap.part',
    'capture.pcap.partial',
    'notes.txt.swp',
    'flows.csv~',
    '/var/spool/nfcapd/nfcapd.current.4242',
  ])('skips %s', (name) => {
    expect(isTemporaryName(name)).toBe(true);
  });

  it.each([
    'nfcapd.202611221005',
    'nfcapd.currently-not-temp', // only the exact nfcapd.current prefix is nfcapd's write name
    'capture.pcap0',
    'capture.pcap',
    'trace-2026-11-22_10:05:00.pcapng',
    'flows.jsonl',
    'tmp.csv',
    'partial-report.csv',
    '/var/spool/.hidden-dir/nfcapd.202611221005',
  ])('accepts %s', (name) => {
    expect(isTemporaryName(name)).toBe(false);
  });
});
