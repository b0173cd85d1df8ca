/**
 * Every issue code a reader or the pipeline can report, with what an operator should make of it.
 * Reports and metrics use these codes as-is, so they are a bounded, documented set.
 */
export const ISSUE_CODES = {
  // container formats
  'pcap.truncated-header': 'the file ends inside a packet record header',
  'pcap.truncated-packet': 'the file ends inside a packet body',
  'pcap.bad-length': 'a packet record length is past the snapshot length or absurd; reading stopped there',
  'pcapng.bad-block': 'a pcapng block has a bad length or trailer; reading stopped there',
  'pcapng.truncated': 'the file ends inside a pcapng block',
  'pcapng.unknown-interface': 'a packet names an interface that no IDB described',
  // link / network / transport decode
  'link.unsupported': 'a link type rigsweep does not decode; packets on it are skipped',
  'link.truncated': 'a link-layer header shorter than its type requires',
  'ip.truncated': 'an IP header shorter than it declares, or cut by the snapshot length',
  'ip.bad-header': 'an IP header with a bad version or header length',
  'ip.fragment': 'an IP fragment: counted and skipped (no reassembly)',
  'ip.extension-loop': 'IPv6 extension headers that run past the packet',
  'tcp.bad-offset': 'a TCP data offset past the end of the packet',
  'udp.truncated': 'a UDP header past the end of the packet',
  // flow assembly
  'flow.table-full': 'the flow table hit its size limit; the oldest flow was expired early',
  // application layer
  'dns.malformed': 'a DNS message that does not parse (truncated, bad label, compression loop)',
  'tls.malformed': 'a TLS ClientHello that does not parse (bad lengths, oversized extension)',
  'http.malformed': 'an HTTP request head that does not parse',
  // live collector
  'collector.unknown-exporter': 'a datagram from an address that is not a configured exporter: dropped',
  'collector.socket-drops': 'datagrams the kernel dropped because the socket buffer was full (raise collector.receiveBufferBytes and net.core.rmem_max)',
  // whole inputs
  'input.unreadable': 'the file cannot be opened or read',
  'input.unknown-format': 'the magic bytes match no supported format',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
