#include "proto/dhcpmessage.h"

#include <algorithm>
#include <cstring>

namespace leasedesk::proto {

std::string_view messageTypeName(std::uint8_t type)
{
    static constexpr std::array<std::string_view, 14> names = {"",
                                                               "DISCOVER",
                                                               "OFFER",
                                                               "REQUEST",
                                                               "DECLINE",
                                                               "ACK",
                                                               "NAK",
                                                               "RELEASE",
                                                               "INFORM",
                                                               "FORCERENEW",
                                                               "LEASEQUERY",
                                                               "LEASEUNASSIGNED",
                                                               "LEASEUNKNOWN",
                                                               "LEASEACTIVE"};
    return type < names.size() ? names[type] : std::string_view();
}

std::optional<std::uint8_t> DhcpMessage::messageType() const
{
    const DhcpOption *opt = findOption(OptionCode::MessageType);
    if (!opt || opt->data.size() != 1)
        return std::nullopt;
    return opt->data[0];
}

const DhcpOption *DhcpMessage::findOption(std::uint8_t code) const
{
    auto it = std::find_if(options.begin(), options.end(),
                           [code](const DhcpOption &o) { return o.code == code; });
    return it == options.end() ? nullptr : &*it;
}

void DhcpMessage::setOption(std::uint8_t code, std::vector<std::uint8_t> data)
{
    auto it = std::find_if(options.begin(), options.end(),
                           [code](const DhcpOption &o) { return o.code == code; });
    if (it != options.end())
        it->data = std::move(data);
    else
        options.push_back({code, std::move(data)});
}

bool DhcpMessage::removeOption(std::uint8_t code)
{
    return std::erase_if(options, [code](const DhcpOption &o) { return o.code == code; }) > 0;
}

std::optional<Ipv4Address> DhcpMessage::addressOption(std::uint8_t code) const
{
    const DhcpOption *opt = findOption(code);
    if (!opt || opt->data.size() != 4)
        return std::nullopt;
    return Ipv4Address::fromBytes(opt->data.data());
}

std::optional<std::uint32_t> DhcpMessage::u32Option(std::uint8_t code) const
{
    const DhcpOption *opt = findOption(code);
    if (!opt || opt->data.size() != 4)
        return std::nullopt;
    const auto &d = opt->data;
    return std::uint32_t(d[0]) << 24 | std::uint32_t(d[1]) << 16 | std::uint32_t(d[2]) << 8 | d[3];
}

std::optional<std::uint16_t> DhcpMessage::u16Option(std::uint8_t code) const
{
    const DhcpOption *opt = findOption(code);
    if (!opt || opt->data.size() != 2)
        return std::nullopt;
    return std::uint16_t(opt->data[0] << 8 | opt->data[1]);
}

std::span<const std::uint8_t> DhcpMessage::hardwareAddress() const
{
    return std::span<const std::uint8_t>(chaddr).first(std::min<std::size_t>(hlen, chaddr.size()));
}

namespace {

template<std::size_t N> std::string boundedText(const std::array<std::uint8_t, N> &field)
{
    const auto nul = std::find(field.begin(), field.end(), std::uint8_t(0));
    return std::string(field.begin(), nul);
}

template<std::size_t N>
bool setBoundedText(std::array<std::uint8_t, N> &field, std::string_view text)
{
    if (text.size() >= N || text.find('\0') != std::string_view::npos)
        return false;
    field.fill(0);
    std::memcpy(field.data(), text.data(), text.size());
    return true;
}

} // namespace

std::string DhcpMessage::serverName() const
{
    return boundedText(sname);
}
std::string DhcpMessage::bootFileName() const
{
    return boundedText(file);
}
bool DhcpMessage::setServerName(std::string_view name)
{
    return setBoundedText(sname, name);
}
bool DhcpMessage::setBootFileName(std::string_view name)
{
    return setBoundedText(file, name);
}

std::string formatHex(std::span<const std::uint8_t> bytes, char separator)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i && separator)
            out += separator;
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

} // namespace leasedesk::proto
