#pragma once

#include "engine/packetevent.h"

#include <QList>
#include <QString>

class QIODevice;

namespace leasedesk {

// Saves captured traffic as a classic libpcap file that Wireshark and tshark open: the
// DHCP payload of each event wrapped in the IPv4 and UDP headers it had, or would have had,
// on the wire (LINKTYPE_RAW: each record starts with the IPv4 header, no Ethernet frame).
// The engine sees payloads, not frames, so the addresses come from the event:
//   received: peer:peerPort → local (255.255.255.255 when unknown):67
//   sent:     local (the server identifier; 0.0.0.0 when unknown):67 → peer:peerPort
//             (255.255.255.255:68 when the peer is 0.0.0.0, a broadcast reply)
// A peer port of 0 is written as 68, the client port. Events without a payload are skipped.
// Returns false and says why in `error` when the device refuses the bytes.
bool writePcap(QIODevice &out, const QList<PacketEvent> &events, QString *error);

// The same into a file, atomically (QSaveFile): a failure leaves no half-written file and
// the error names the file and the reason.
bool writePcapFile(const QString &path, const QList<PacketEvent> &events, QString *error);

} // namespace leasedesk
