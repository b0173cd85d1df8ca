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
  // text flow exports
  'text.empty': 'a text flow export (nfdump CSV, goflow2 JSON lines, configured CSV) with no content at all',
  'text.bad-row': 'a row that is not a record: wrong number of fields, or broken quoting; skipped',
  'text.bad-json': 'a goflow2 line that is not a JSON object; skipped',
  'text.bad-field': 'a field that does not parse (address, port, protocol, counter, time, TCP flags); the row is skipped',
  'text.missing-field': 'a record without a field rigsweep needs (addresses, protocol, counters, start time); skipped',
  'text.long-line': 'a line longer than 64 KiB, skipped unread so memory stays bounded',
  // NetFlow / IPFIX
  'netflow.bad-header': 'an export message header with an unknown version or an impossible count or length; the message (in a file: the bytes up to the next header) is skipped',
  'netflow.truncated': 'an export message or record cut short: the complete records were decoded',
  'netflow.bad-set': 'a set (flowset) with a reserved id, or a length below its header or past the message: that set (for a bad length, the rest of the message) is skipped',
  'netflow.bad-template': 'a template with no fields, more than 512, reserved ids or lengths past its set: ignored, so its data cannot be decoded',
  'netflow.no-addresses': 'a data template without source and destination addresses: its records are not flows and are skipped',
  'netflow.template-evicted': 'the template cache hit flowExport.maxTemplates: the oldest template was dropped',
  'netflow.template-missing': 'data sets whose template never arrived (or not within flowExport.pendingTimeoutSeconds, or past flowExport.maxPendingSets): not decoded',
  // whole inputs
  'input.unreadable': 'the file cannot be opened or read',
  'input.unknown-format': 'the magic bytes match no supported format',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
