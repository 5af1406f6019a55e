#pragma once

#include "proto/dhcpmessage.h"

#include <span>
#include <string>
#include <vector>

namespace leasedesk::proto {

// One line of a message as a person reads it: the header fields, then every option with its
// name and formatted value. Used by the packet decoder, the inspector and --verbose logs.
struct DescribedField
{
    std::string name; // "xid", "Option 53 DHCP Message Type"
    std::string value; // "0x3903f326", "DISCOVER (1)"
    int code = -1; // option code, -1 for header fields
};

std::vector<DescribedField> describeMessage(const DhcpMessage &message);

// Issue 7, the packet inspector: the same lines for a message's wire bytes, each with where
// it lies in them, so a hex dump can highlight the field. Header fields cover their fixed
// bytes (xid: 4 at offset 4, chaddr: 16 at 28, the magic cookie: 4 at 236); an option covers
// its code, length and value bytes (for an option split in several parts, RFC 3396, the
// first part). `error` receives the codec's complaint when the bytes do not parse; the
// header fields that are there are still described.
struct LocatedField
{
    DescribedField field;
    std::size_t offset = 0;
    std::size_t length = 0;
};
std::vector<LocatedField> describeWire(std::span<const std::uint8_t> bytes, std::string *error);
// "DISCOVER xid 0x3903f326 from 02:00:00:00:00:01": one line for logs and tooltips.
std::string summarizeMessage(const DhcpMessage &message);

} // namespace leasedesk::proto
