#pragma once

#include "proto/dhcpmessage.h"

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
// "DISCOVER xid 0x3903f326 from 02:00:00:00:00:01": one line for logs and tooltips.
std::string summarizeMessage(const DhcpMessage &message);

} // namespace leasedesk::proto
