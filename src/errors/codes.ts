/**
 * Every issue code a reader or the pipeline can report, with what an operator should make of it.
 * Reports and metrics use these codes as-is, so they are a bounded, documented set.
 */
export const ISSUE_CODES = {
  // container formats
  'pcap.truncated-header': 'the file ends inside a packet record header',
  'pcap.truncated-packet': 'the file ends inside a packet body',
  'pcap.resync': 'bytes that are no packet record (a record header with a captured length past the snapshot length or capture.maxPacketBytes, an original length below the captured one, a timestamp fraction out of range or far from its neighbours, garbage between records): skipped up to the next record header that a plausible record after it confirms; the message gives the offset, the reason and the bytes skipped',
  'pcapng.resync': 'bytes that are no pcapng block (a bad total length, a trailing length that differs, an unknown block type, a section header with an unknown byte-order magic): skipped up to the next block whose type, length and trailer agree; the message gives the offset, the reason and the bytes skipped',
  'pcapng.bad-block': 'a well-framed pcapng block whose content cannot be right (a captured length past its block or capture.maxPacketBytes, an unsupported section version): that block (for a section header, its section) is skipped',
  'pcapng.truncated': 'the file ends inside a pcapng block',
  'pcapng.unknown-interface': 'a packet names an interface that no IDB described',
  // link / network / transport decode
  'link.unsupported': 'a link type rigsweep does not decode; packets on it are skipped',
  'link.truncated': 'a link-layer header shorter than its type requires',
  'ip.truncated': 'an IP header shorter than it declares, or cut by the snapshot length',
  'ip.bad-header': 'an IP header with a bad version or header length',
  'ip.fragment': 'an IP fragment that cannot be reassembled (from a sampled sFlow header, cut by the snapshot length, a non-final fragment with no data, or a non-final IPv6 fragment whose length is not a multiple of 8): counted and skipped',
  'ip.fragment-timeout': 'a fragmented IP datagram whose fragments did not all arrive within capture.fragments.timeoutSeconds of its first one (or before the capture ended): its fragments are dropped',
  'ip.fragment-overlap': 'a fragmented IP datagram with a fragment that partly overlaps data already held, or fragments that disagree about its end: dropped whole, as Linux and RFC 5722 do, since receivers resolve overlaps differently (an evasion technique); a fragment wholly inside held data is a duplicate and ignored',
  'ip.fragment-limit': 'pending fragmented datagrams hit capture.fragments.maxDatagrams or maxBytes: the oldest pending datagram was dropped',
  'ip.fragment-oversize': 'fragments that reassemble past the 65,535 bytes an IP datagram can hold (ping of death): the datagram is dropped',
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
  'text.bad-sampling-rate': 'a goflow2 sampling_rate that is no 1-in-N rate (negative, not a number, below 1 or past 2^31): the record is kept with its counters unscaled and no sampling rate',
  // NetFlow / IPFIX
  'netflow.bad-header': 'an export message header with an unknown version or an impossible count or length; the message (in a file: the bytes up to the next header) is skipped',
  'netflow.truncated': 'an export message or record cut short: the complete records were decoded',
  'netflow.bad-set': 'a set (flowset) with a reserved id, or a length below its header or past the message: that set (for a bad length, the rest of the message) is skipped',
  'netflow.bad-template': 'a template with no fields, more than 512, reserved ids or lengths past its set: ignored, so its data cannot be decoded',
  'netflow.no-addresses': 'a data template without source and destination addresses: its records are not flows and are skipped',
  'netflow.template-evicted': 'the template cache hit flowExport.maxTemplates: the oldest template was dropped',
  'netflow.template-missing': 'data sets whose template never arrived (or not within flowExport.pendingTimeoutSeconds, or past flowExport.maxPendingSets): not decoded',
  // sFlow
  'sflow.bad-header': 'an sFlow datagram that is not version 5, has an unknown agent address type or ends inside its header: the datagram (in a file: the bytes up to the next datagram header) is skipped',
  'sflow.bad-length': 'a sample or flow record whose length is not a multiple of 4 or runs past its datagram or sample: for a sample, the rest of the datagram is skipped; for a record, the rest of that sample',
  'sflow.truncated': 'an sFlow datagram that ends before all the samples its header counts: the complete samples were decoded',
  'sflow.unsupported-header': 'a sampled packet header of a protocol other than Ethernet, IPv4 or IPv6: skipped (a sampled IPv4/IPv6 record of the same sample is used instead)',
  // nfdump files
  'nfdump.bad-block': 'bytes in an nfcapd file that are no data block (a size nfdump would refuse, 0 records, an unknown block type or flags): skipped up to the next plausible block header, as one issue per run',
  'nfdump.truncated': 'an nfcapd file that ends inside a data block (a file still being written, or cut short): the blocks before it were read',
  'nfdump.decompress': 'an nfcapd data block that does not decompress with the file\'s method (LZO, BZ2, LZ4, ZSTD): that block is skipped, the next one read',
  'nfdump.bad-record': 'an nfcapd record whose size runs past its block or whose elements do not fit it: that record (for an impossible size, the rest of its block) is skipped',
  'nfdump.not-a-flow': 'an nfdump V3 record without addresses or flow element: no flow to report, skipped',
  'nfdump.missing-map': 'an nfdump 1.6 record naming an extension map that no earlier record defined: its extensions cannot be placed, skipped',
  'nfdump.unknown-extension': 'an nfdump 1.6 extension map with an extension id whose size rigsweep does not know: the records using that map are skipped',
  'nfdump.unsupported-block': 'an nfcapd block of type 1 (nfdump 1.5) or another type nfdump 1.7 cannot read either: skipped',
  // whole inputs
  'input.unreadable': 'the file cannot be opened or read',
  'input.unknown-format': 'the magic bytes match no supported format',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
