// Help texts: one per command, each with examples. Printed by `wsscope CMD --help`.

import { PROTOCOL_HELP } from './app-protocol.js';

/** Set from package.json by scripts/build-cli.mjs; "dev" when run from source. */
export const VERSION = process.env.WSSCOPE_VERSION ?? 'dev';

const FILTERS = `Filters:
  -c, --connection N          only connection N (the ID that 'wsscope connections' shows)
  -d, --direction client|server   only what the client (or the server) sent
  -o, --opcode OP             text, binary, close, ping, pong, continuation, or a number (0-15, 0x..)
  -g, --grep TEXT|/REGEX/flags    only rows whose text matches (payload text, close reason, finding message)
  -Y, --filter EXPR           a Wireshark-style display filter ('wsscope fields' lists the fields), e.g.
                              -Y 'websocket.opcode == 1 && tcp.port == 8080'
                              -Y 'ws.message.text contains "error" or ws.finding'`;

const JOBS_OPTION = `  -j, --jobs N                decode the capture's connections in N threads (default 1); the output
                              is the same byte for byte. It pays where decoding costs more than the
                              records it hands back (decrypting wss) and there are more than 2 cores`;

const JOBS = `Threads:
${JOBS_OPTION}`;

const FORMAT = `Output:
  -f, --format table|json|ndjson|csv
                              table is the default when stdout is a terminal, ndjson when it is a
                              pipe or a file (one JSON object per line: easy for jq and scripts)
      --no-progress           no progress bar on stderr (it only appears on a terminal, after 1 s)

TLS (wss://):
      --keylog FILE           decrypt TLS 1.2/1.3 with this NSS key log (default: $SSLKEYLOGFILE);
                              keys embedded in a pcapng (Decryption Secrets Blocks) are used too

${JOBS}`;

export const MAIN_HELP = `wsscope ${VERSION}: a scriptable WebSocket analyzer for pcap and pcapng captures

Usage: wsscope <command> [options]

Commands:
  connections <capture>       one row per WebSocket connection (--all: every TCP connection)
  frames <capture>            one row per WebSocket frame (FIN, RSV, opcode, mask, length, packets)
  messages <capture>          one row per message (defragmented, inflated; control frames too)
  handshake <capture>         the HTTP upgrade, headers and the Sec-WebSocket-Accept check, step by step
  follow <capture> -c N       one connection as a readable transcript, message by message
  findings <capture>          every protocol problem found, with code, severity and RFC section
  stats <capture>             messages and bytes per direction and opcode, compression, rates, ping RTT
  requests <capture>          application requests paired with their responses, latency, status
  capture --port N            live capture on the loopback interface through tcpdump or dumpcap
  serve [capture]             open the graphical analyzer in a browser
  fields                      the display-filter fields (-Y) with their types and meanings
  export <capture> --har F    the WebSocket connections and messages as HAR 1.2 (Chrome's form)
  slice <capture> -c N -w F   the packets of chosen connections as a pcapng file

Run 'wsscope <command> --help' for a command's options and examples.
A capture argument of - reads standard input (tcpdump -w - ... | wsscope messages -).

Examples:
  wsscope connections chat.pcapng
  wsscope messages chat.pcap --connection 2 --opcode text --grep /error/i
  wsscope messages chat.pcap --format ndjson | jq -r .text
  sudo wsscope capture --port 8080

Exit codes: 0 success (also for damaged captures: the damage is reported on stderr),
1 the input could not be read as a capture, 2 wrong usage, 3 out of memory.
`;

export const HELP: Record<string, string> = {
  connections: `Usage: wsscope connections <capture> [options]

One row per TCP connection that attempted a WebSocket upgrade or carries WebSocket frames:
client and server address:port, request target, response status, Sec-WebSocket-Accept check,
subprotocol, extensions, frames, messages and bytes each way (client/server), first and last
time, number of findings.

Options:
  -a, --all                   also list the TCP connections without WebSocket traffic
${FILTERS}
                              (--opcode and --direction keep the connections carrying such frames)
${FORMAT}

Examples:
  wsscope connections capture.pcap
  wsscope connections capture.pcap --all
  wsscope connections capture.pcap --format json | jq '.[] | select(.accept.valid == false)'
`,
  frames: `Usage: wsscope frames <capture> [options]

One row per WebSocket frame (RFC 6455 §5.2): connection, direction, time, FIN, RSV1-3, opcode,
MASK, masking key, payload length and the capture's packet numbers (1-based, as in Wireshark).

${FILTERS}
${FORMAT}

Examples:
  wsscope frames capture.pcap
  wsscope frames capture.pcap --connection 1 --direction client
  wsscope frames capture.pcap --opcode continuation --format csv > frames.csv
`,
  messages: `Usage: wsscope messages <capture> [options]

One row per message: data messages after defragmentation and permessage-deflate inflation,
control frames (close, ping, pong) as their own messages. In json/ndjson every message has its
payload as base64, text messages their text and close messages {code, reason}, and \`app\`:
the application protocol's reading ({protocol, kind, name, id, summary, data}) or null.

${FILTERS}
${PROTOCOL_HELP}
${FORMAT}

Examples:
  wsscope messages capture.pcap
  wsscope messages capture.pcap --direction server --opcode text --grep '"type":"error"'
  wsscope messages capture.pcap --format ndjson | jq -r 'select(.type=="text") | .text'
  wsscope messages big.pcap | head
  wsscope messages app.pcap --protocol 2=mqtt --format ndjson | jq -c .app
`,
  handshake: `Usage: wsscope handshake <capture> [--connection N] [options]

The opening handshake of each WebSocket connection (or only connection N): the raw HTTP
request and response, their headers, and the Sec-WebSocket-Accept computation step by step
(RFC 6455 §4.2.2: key, key + GUID, SHA-1 in hex, base64, verdict).

Options:
  -c, --connection N          only connection N
  -f, --format table|json|ndjson
                              table (the default, also in pipes) is the human-readable view
      --no-progress           no progress bar on stderr
      --keylog FILE           decrypt wss:// with this TLS key log (default: $SSLKEYLOGFILE)
${JOBS_OPTION}

Examples:
  wsscope handshake capture.pcap
  wsscope handshake capture.pcap --connection 3
  wsscope handshake capture.pcap --format json | jq '.[].accept'
`,
  follow: `Usage: wsscope follow <capture> --connection N [options]

One connection as a readable transcript, like Wireshark's Follow Stream but message by message:
time, who sent it, the type and length, and the text (or a hex dump of binary payloads).
--connection may be left out when the capture holds a single WebSocket connection.
A message an application protocol reads (Socket.IO, MQTT, STOMP, …) gets a "↳ protocol: …" line;
the transcript ends with how the connection ended ("End: …").

Options:
  -c, --connection N          the connection to follow (IDs: 'wsscope connections')
  -d, --direction client|server
  -o, --opcode OP
  -g, --grep TEXT|/REGEX/flags
${PROTOCOL_HELP}
  -f, --format table|json|ndjson|csv
                              table (the default, also in pipes) is the transcript; the others
                              print the same objects as 'wsscope messages'
      --no-progress           no progress bar on stderr
${JOBS_OPTION}

Examples:
  wsscope follow capture.pcap --connection 1
  wsscope follow capture.pcap -c 2 --opcode text > transcript.txt
`,
  findings: `Usage: wsscope findings <capture> [options]

Every finding: protocol violations (RFC 6455, RFC 7692), handshake problems, TCP gaps and
capture damage, with a stable code (e.g. frame.client-unmasked), severity (error, warning,
note), RFC section, connection, packet number and a sentence naming the offending value.
Findings of TCP connections that carry no WebSocket (TCP and HTTP anomalies of a TLS session, a
web page…) are left out unless --all (or --connection) asks for them; stderr says how many.

Options:
  -a, --all                   also list the findings of connections without WebSocket traffic
${FILTERS}
${FORMAT}

Examples:
  wsscope findings capture.pcap
  wsscope findings capture.pcap --grep /^frame\\./ --format ndjson
  wsscope findings capture.pcap --format ndjson | jq -r 'select(.severity=="error") | .code' | sort | uniq -c
`,
  stats: `Usage: wsscope stats <capture> [options]

Per connection and overall: messages and bytes per direction and opcode, payload vs wire bytes
and the compression ratio (permessage-deflate), duration and message rate, and ping/pong round
trips (count, min, mean, max).

${FILTERS}
${FORMAT}

Examples:
  wsscope stats capture.pcap
  wsscope stats capture.pcap --connection 2 --format json
`,
  capture: `Usage: wsscope capture --port N [--interface lo] [--write FILE] [options]

Live capture of TCP port N through tcpdump or dumpcap (whichever is installed; tcpdump first,
dumpcap first when --write names a .pcapng file), printing messages as they arrive until Ctrl-C
or SIGTERM, then a summary on stderr. Needs the right to capture: run as root, or give the tool
the capability (sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)"), or for
dumpcap join the wireshark group.

Options:
  -p, --port N                the TCP port to watch (required)
  -i, --interface NAME        network interface (default lo)
  -w, --write FILE            also save the raw capture; its format is the tool's: pcapng from
                              dumpcap, classic pcap from tcpdump (wsscope says which it wrote)
      --tool tcpdump|dumpcap  use this capture tool
      --keylog FILE           decrypt wss:// with the NSS key log a TLS stack writes while you
                              capture (start your server with SSLKEYLOGFILE=FILE); the file is
                              followed as it grows, and with --write the saved file is pcapng
                              with the keys embedded, so it decrypts on its own (default:
                              the file SSLKEYLOGFILE names)
${FILTERS}
  -f, --format table|json|ndjson|csv
                              as for 'wsscope messages'; every line is flushed at once

Examples:
  sudo wsscope capture --port 8080
  sudo wsscope capture --port 8080 --write session.pcapng --format ndjson | jq .text
  sudo wsscope capture --port 8443 --keylog /tmp/keys.log --write wss.pcapng
`,
  requests: `Usage: wsscope requests <capture> [options]

One row per request of the application protocol inside the messages, paired with its answer by
the protocol's own id: Socket.IO acks, GraphQL operations (graphql-ws and
subscriptions-transport-ws), JSON-RPC 2.0 calls, STOMP receipts and subscriptions, MQTT
packet-id flows (PUBLISH/PUBACK, PUBREC/PUBREL/PUBCOMP, SUBSCRIBE/SUBACK), SignalR invocations,
Phoenix refs, WAMP request ids. Columns: connection, protocol, who asked, time, the protocol's
id, the request and first response message ids (as 'wsscope messages' numbers them), latency
to the first answer, status (ok, error, pending = never answered; ×N counts a stream's answers)
and the name (event, method, operation, destination or topic).

The protocol is chosen per connection: the negotiated Sec-WebSocket-Protocol, then the request
target (/socket.io/?EIO=4, /socket/websocket?vsn=2.0.0, /cable), then the messages' content.

Options:
  -c, --connection N          only connection N
  -d, --direction client|server   only requests the client (or the server) sent
  -g, --grep TEXT|/REGEX/flags    only requests whose name or id matches
  -s, --status ok|error|pending   only requests with this status
      --stats                 per connection: counts and latency percentiles (p50, p90, p99, max)
${PROTOCOL_HELP}
${FORMAT}

Examples:
  wsscope requests app.pcapng
  wsscope requests app.pcapng --status pending
  wsscope requests app.pcapng --stats
  wsscope requests app.pcapng --format ndjson | jq 'select(.latency > 0.1)'
`,
  serve: `Usage: wsscope serve [capture] [--port N] [--host H] [--allow-remote-capture] [--public-name NAMES]

Start the graphical analyzer as a local web server and print its URL; open it in a browser.
With a capture, that file is shown first. Stop with Ctrl-C.

Options:
  -p, --port N                port to listen on (default: chosen by the server)
      --host H                address to listen on (default: the server's, usually 127.0.0.1)
      --allow-remote-capture  beyond loopback: allow live capture from the page (off by default)
      --public-name NAMES     beyond loopback: more host names the page may be reached by (comma-separated)

Beyond loopback (e.g. --host 0.0.0.0) the URL carries a random access token that every request
needs (the page keeps it in a cookie), and live capture is off unless --allow-remote-capture.

Examples:
  wsscope serve
  wsscope serve capture.pcapng --port 8080
`,
  export: `Usage: wsscope export <capture> --har FILE [options]

The WebSocket connections as a HAR 1.2 file, written as Chrome DevTools writes WebSocket
recordings, so Chrome, HTTP Toolkit and other HAR readers open it: one entry per connection with
the upgrade request and response headers, timings, _resourceType "websocket" and
_webSocketMessages (type send/receive, time in seconds since the epoch, opcode, data: the text,
or base64 for binary messages). Connections whose upgrade request was not captured are left out
(stderr says which). Every wsscope command also opens .har files.

Options:
      --har FILE              where to write the HAR (- for standard output)
${FILTERS}
                              (-Y keeps the connections it matches and, in them, the messages it matches)
      --no-progress           no progress bar on stderr
${JOBS_OPTION}

Examples:
  wsscope export chat.pcapng --har chat.har
  wsscope export chat.pcapng --har - -Y 'http.request.uri contains "/live"' | jq '.log.entries | length'
  wsscope messages chat.har
`,
  slice: `Usage: wsscope slice <capture> (-c N[,M…] | -Y FILTER) -w OUT.pcapng

The packets of the chosen connections only, as a pcapng file to hand to a colleague or open in
Wireshark: each connection's TCP handshake, data, ACKs, retransmissions and teardown, with the
original timestamps and interfaces, and the capture's Decryption Secrets Blocks (TLS keys) kept
as they were. A classic pcap becomes pcapng. wsscope and tshark read the slice with the same
frames and messages as the original.

Options:
  -c, --connection N[,M…]     the connections to keep (IDs: 'wsscope connections')
  -Y, --filter EXPR           the connections a display filter keeps ('wsscope fields')
  -w, --write FILE            the output (- for standard output)

Examples:
  wsscope slice chat.pcapng -c 3 -w conn3.pcapng
  wsscope slice chat.pcapng -Y 'ws.finding.severity == error' -w broken.pcapng
`,
  fields: `Usage: wsscope fields [--format table|json|ndjson|csv]

Every field the display filter (-Y/--filter) knows, by protocol: Wireshark's names where it has
one (frame.*, ip.*, tcp.*, http.*, websocket.*), wsscope's own under ws.*. A field read at another
level applies through its records: a message filter on tcp.port keeps the messages of matching
connections; a connection filter on ws.message.text keeps connections with such a message.

Filter syntax (a Wireshark display-filter subset):
  comparisons   == != < <= > >=  (eq ne lt le gt ge)   contains   matches "regex"   in {1 2 8..10}
  logic         and or not  (&& || !)  and parentheses; a field alone tests that it is present
  values        numbers (decimal, 0x hex), "strings", true/false, bytes aa:bb:cc, named values
                (websocket.opcode == text), IP addresses and blocks (ip.addr == 10.0.0.0/8)

Examples:
  wsscope fields
  wsscope messages chat.pcap -Y 'ws.direction == server && ws.message.text matches "(?i)error"'
  wsscope connections chat.pcap -Y 'ws.finding == "frame.client-unmasked"'
`,
};
