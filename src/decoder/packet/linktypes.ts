// Link-layer header types (LINKTYPE_* of https://www.tcpdump.org/linktypes.html), as stored in a
// pcap file header or a pcapng Interface Description Block.
//
// Files sometimes hold the platform's DLT_* value instead of the LINKTYPE_* one; for raw IP
// that is 12 (DLT_RAW on most systems) or 14 (DLT_RAW on OpenBSD). Both are read as raw IP,
// as Wireshark does. The names are libpcap's without the prefix, lower-case.

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  DLT_RAW: 12,
  DLT_RAW_OPENBSD: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const NAMES: Readonly<Record<number, string>> = {
  0: 'null',
  1: 'ethernet',
  3: 'ax25',
  6: 'ieee802_5',
  7: 'arcnet_bsd',
  8: 'slip',
  9: 'ppp',
  10: 'fddi',
  12: 'raw',
  14: 'raw',
  50: 'ppp_hdlc',
  51: 'ppp_ether',
  100: 'atm_rfc1483',
  101: 'raw',
  104: 'c_hdlc',
  105: 'ieee802_11',
  107: 'frelay',
  108: 'loop',
  113: 'linux_sll',
  114: 'ltalk',
  117: 'pflog',
  119: 'ieee802_11_prism',
  122: 'ip_over_fc',
  127: 'ieee802_11_radiotap',
  138: 'arcnet_linux',
  163: 'ieee802_11_avs',
  187: 'bluetooth_hci_h4',
  189: 'usb_linux',
  192: 'ppi',
  195: 'ieee802_15_4_withfcs',
  201: 'bluetooth_hci_h4_with_phdr',
  220: 'usb_linux_mmapped',
  228: 'ipv4',
  229: 'ipv6',
  239: 'nflog',
  249: 'usbpcap',
  253: 'netlink',
  254: 'bluetooth_linux_monitor',
  263: 'wireshark_upper_pdu',
  276: 'linux_sll2',
};

/** libpcap's name for a link type, or `linktype_N` when it is not in our table. */
export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `linktype_${linkType}`;
}

/** Whether `linkType` has a name in our table (used to say "unknown" honestly in messages). */
export function isNamedLinkType(linkType: number): boolean {
  return Object.hasOwn(NAMES, linkType);
}
