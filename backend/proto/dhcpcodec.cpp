#include "proto/dhcpcodec.h"

#include "proto/bytereader.h"
#include "proto/bytewriter.h"
#include "proto/optiondefinition.h"
#include "proto/optionvalue.h"

#include <algorithm>
#include <array>

namespace leasedesk::proto {

namespace {

constexpr std::array<std::uint8_t, 4> MagicCookie = {99, 130, 83, 99}; // RFC 2131 §3

// Options the server acts on: a malformed one makes the whole message unusable, because
// guessing at a message type or a client identifier is how servers hand out wrong leases.
constexpr std::array<std::uint8_t, 8> ControlOptions = {50, 51, 53, 54, 55, 57, 61, 82};

struct Instance
{
    std::uint8_t code;
    std::span<const std::uint8_t> data;
    std::size_t offset; // of the code octet in the packet
};

enum class Area { Options, File, Sname };

std::string_view areaName(Area area)
{
    switch (area) {
    case Area::Options: return "the packet";
    case Area::File: return "the file field (overloaded by option 52)";
    case Area::Sname: return "the sname field (overloaded by option 52)";
    }
    return "";
}

// Reads one options area (RFC 2131 §4.1): PAD and END are single octets, every other option
// is code, length and data, and must lie entirely inside the area.
bool readArea(std::span<const std::uint8_t> area, std::size_t base, Area which,
              std::vector<Instance> &out, ParseResult &result)
{
    ByteReader reader(area, base);
    for (;;) {
        std::uint8_t code = 0;
        if (!reader.readU8(code)) {
            // P-06: tolerated, because the data is complete, but never read past.
            result.warnings.push_back("no END option closes " + std::string(areaName(which))
                                      + "; options were read up to its end at offset "
                                      + std::to_string(reader.absolutePosition()));
            return true;
        }
        if (code == OptionCode::Pad)
            continue;
        if (code == OptionCode::End)
            return true;
        const std::size_t offset = reader.absolutePosition() - 1;
        std::uint8_t length = 0;
        if (!reader.readU8(length)) {
            result.error = {optionLabel(code) + " at offset " + std::to_string(offset)
                                + " has no length octet before the end of "
                                + std::string(areaName(which)),
                            offset};
            return false;
        }
        std::span<const std::uint8_t> data;
        if (!reader.readSpan(length, data)) {
            result.error = {optionLabel(code) + " length " + std::to_string(length)
                                + " runs past the end of " + std::string(areaName(which))
                                + " at offset " + std::to_string(offset) + ": only "
                                + std::to_string(reader.remaining()) + " octets are left",
                            offset};
            return false;
        }
        out.push_back({code, data, offset});
    }
}

bool readOverload(const std::vector<Instance> &instances, ParseResult &result)
{
    std::vector<std::uint8_t> value;
    std::size_t offset = 0;
    for (const Instance &inst : instances) {
        if (inst.code != OptionCode::Overload)
            continue;
        if (value.empty())
            offset = inst.offset;
        value.insert(value.end(), inst.data.begin(), inst.data.end());
    }
    if (offset == 0)
        return true;
    if (value.size() != 1) {
        result.error = {"option 52 (Option Overload) at offset " + std::to_string(offset) + " is "
                            + std::to_string(value.size()) + " octets long; it must be exactly 1",
                        offset};
        return false;
    }
    if (value[0] < 1 || value[0] > 3) {
        result.error = {"option 52 (Option Overload) at offset " + std::to_string(offset)
                            + " has value " + std::to_string(value[0])
                            + "; only 1 (file), 2 (sname) and 3 (both) are defined",
                        offset};
        return false;
    }
    result.overload = value[0];
    return true;
}

// RFC 3396: instances of one code are concatenated in the order options, file, sname.
std::vector<DhcpOption> concatenate(const std::vector<Instance> &instances,
                                    std::array<std::size_t, 256> &firstOffset)
{
    std::vector<DhcpOption> options;
    std::array<int, 256> index;
    index.fill(-1);
    for (const Instance &inst : instances) {
        if (inst.code == OptionCode::Overload)
            continue;
        if (index[inst.code] < 0) {
            index[inst.code] = int(options.size());
            firstOffset[inst.code] = inst.offset;
            options.push_back({inst.code, {}});
        }
        auto &data = options[std::size_t(index[inst.code])].data;
        data.insert(data.end(), inst.data.begin(), inst.data.end());
    }
    return options;
}

bool checkOptions(const std::vector<DhcpOption> &options,
                  const std::array<std::size_t, 256> &firstOffset, ParseResult &result)
{
    for (const DhcpOption &opt : options) {
        const OptionDefinition *def = findOptionDefinition(opt.code);
        if (!def)
            continue;
        const bool control = std::find(ControlOptions.begin(), ControlOptions.end(), opt.code)
            != ControlOptions.end();
        const std::string at = " (at offset " + std::to_string(firstOffset[opt.code]) + ")";
        const DecodedOption decoded = decodeOption(*def, opt.data);
        if (decoded.error.empty())
            continue;
        if (control) {
            result.error = {decoded.error + at, firstOffset[opt.code]};
            return false;
        }
        result.warnings.push_back(decoded.error + at);
    }
    return true;
}

// The 236-octet header (RFC 2131 Table 1); returns the four octets where the cookie belongs.
// The caller has checked that at least MinimumSize octets exist, so no read can fail.
std::span<const std::uint8_t> readFixedHeader(std::span<const std::uint8_t> bytes, DhcpMessage &msg)
{
    ByteReader header(bytes.first(DhcpCodec::MinimumSize));
    std::uint32_t addr = 0;
    std::span<const std::uint8_t> field;
    header.readU8(msg.op);
    header.readU8(msg.htype);
    header.readU8(msg.hlen);
    header.readU8(msg.hops);
    header.readU32(msg.xid);
    header.readU16(msg.secs);
    header.readU16(msg.flags);
    for (Ipv4Address *a : {&msg.ciaddr, &msg.yiaddr, &msg.siaddr, &msg.giaddr}) {
        header.readU32(addr);
        *a = Ipv4Address(addr);
    }
    header.readSpan(msg.chaddr.size(), field);
    std::copy(field.begin(), field.end(), msg.chaddr.begin());
    header.readSpan(msg.sname.size(), field);
    std::copy(field.begin(), field.end(), msg.sname.begin());
    header.readSpan(msg.file.size(), field);
    std::copy(field.begin(), field.end(), msg.file.begin());
    header.readSpan(MagicCookie.size(), field);
    return field;
}

} // namespace

ParseResult DhcpCodec::parse(std::span<const std::uint8_t> bytes)
{
    ParseResult result;
    if (bytes.size() < MinimumSize) {
        result.error = {"the message is " + std::to_string(bytes.size())
                            + " octets long; a DHCP message needs at least 240 (a 236-octet "
                              "header and the 4-octet magic cookie)",
                        bytes.size()};
        return result;
    }
    if (bytes.size() > MaximumSize) {
        result.error = {"the message is " + std::to_string(bytes.size())
                            + " octets long; an IPv4 UDP datagram carries at most 65507",
                        MaximumSize};
        return result;
    }

    DhcpMessage msg;
    const std::span<const std::uint8_t> cookie = readFixedHeader(bytes, msg);
    if (msg.op != BootRequest && msg.op != BootReply) {
        result.error = {"op is " + std::to_string(msg.op)
                            + " at offset 0; only 1 (BOOTREQUEST) and 2 (BOOTREPLY) exist",
                        0};
        return result;
    }
    if (!std::equal(cookie.begin(), cookie.end(), MagicCookie.begin())) {
        result.error = {"the magic cookie at offset 236 is " + formatHex(cookie, ' ')
                            + ", not 63 82 53 63 (99.130.83.99): this is not a DHCP message",
                        DhcpMessage::HeaderSize};
        return result;
    }

    std::vector<Instance> instances;
    if (!readArea(bytes.subspan(MinimumSize), MinimumSize, Area::Options, instances, result))
        return result;
    // RFC 2131 §4.1: overload is honoured only from the options field, and the overloaded
    // fields are read in the order file, then sname.
    if (!readOverload(instances, result))
        return result;
    const std::size_t mainCount = instances.size();
    if (result.overload & 1) {
        if (!readArea(bytes.subspan(DhcpMessage::FileOffset, msg.file.size()),
                      DhcpMessage::FileOffset, Area::File, instances, result))
            return result;
        msg.file.fill(0);
    }
    if (result.overload & 2) {
        if (!readArea(bytes.subspan(DhcpMessage::SnameOffset, msg.sname.size()),
                      DhcpMessage::SnameOffset, Area::Sname, instances, result))
            return result;
        msg.sname.fill(0);
    }
    for (std::size_t i = mainCount; i < instances.size(); ++i) {
        if (instances[i].code == OptionCode::Overload)
            result.warnings.push_back("option 52 at offset " + std::to_string(instances[i].offset)
                                      + " is ignored: only the options field may set overload");
    }
    instances.erase(
        std::remove_if(instances.begin() + std::ptrdiff_t(mainCount), instances.end(),
                       [](const Instance &i) { return i.code == OptionCode::Overload; }),
        instances.end());

    std::array<std::size_t, 256> firstOffset{};
    msg.options = concatenate(instances, firstOffset);
    if (!checkOptions(msg.options, firstOffset, result))
        return result;
    if (auto mms = msg.u16Option(OptionCode::MaxMessageSize); mms && *mms < 576)
        result.warnings.push_back("option 57 (Maximum DHCP Message Size) is " + std::to_string(*mms)
                                  + ", below the 576 every client must accept; it is ignored");
    result.message = std::move(msg);
    return result;
}

namespace {

struct Unit
{
    std::uint8_t code;
    std::span<const std::uint8_t> data;
    std::size_t wireSize() const { return 2 + data.size(); }
};

// RFC 3396 §5: data longer than 255 octets travels as consecutive instances of the code.
void splitIntoUnits(const DhcpOption &opt, std::vector<Unit> &out)
{
    std::span<const std::uint8_t> rest(opt.data);
    do {
        const std::size_t n = std::min<std::size_t>(rest.size(), 255);
        out.push_back({opt.code, rest.first(n)});
        rest = rest.subspan(n);
    } while (!rest.empty());
}

std::size_t totalSize(const std::vector<Unit> &units)
{
    std::size_t n = 0;
    for (const Unit &u : units)
        n += u.wireSize();
    return n;
}

void writeUnits(ByteWriter &w, const std::vector<Unit> &units)
{
    for (const Unit &u : units) {
        w.u8(u.code);
        w.u8(std::uint8_t(u.data.size()));
        w.bytes(u.data);
    }
}

template<std::size_t N> bool isEmptyField(const std::array<std::uint8_t, N> &field)
{
    return std::all_of(field.begin(), field.end(), [](std::uint8_t b) { return b == 0; });
}

// An overloaded field holds options, END and PAD up to its size (RFC 2131 §4.1).
template<std::size_t N> void writeOverloadedField(ByteWriter &w, const std::vector<Unit> &units)
{
    std::vector<std::uint8_t> field;
    ByteWriter fw(field);
    writeUnits(fw, units);
    fw.u8(OptionCode::End);
    fw.zeros(N - field.size());
    w.bytes(field);
}

std::string codeList(const std::vector<std::uint8_t> &codes)
{
    std::string out;
    for (std::uint8_t c : codes) {
        if (!out.empty())
            out += ", ";
        out += std::to_string(c);
    }
    return out;
}

} // namespace

EncodeResult DhcpCodec::serialize(const DhcpMessage &m, const EncodeLimits &limits)
{
    EncodeResult result;
    std::array<bool, 256> seen{};
    for (const DhcpOption &opt : m.options) {
        if (opt.code == OptionCode::Pad || opt.code == OptionCode::End
            || opt.code == OptionCode::Overload) {
            result.error = "option " + std::to_string(opt.code)
                + " cannot be set on a message: the encoder writes PAD, END and "
                  "overload itself";
            return result;
        }
        if (seen[opt.code]) {
            result.error = optionLabel(opt.code) + " appears twice; give it once";
            return result;
        }
        seen[opt.code] = true;
    }

    const std::size_t limit =
        std::clamp<std::size_t>(limits.maxDatagramSize, 576, 65535) - IpUdpHeaderSize;
    std::vector<Unit> units;
    std::vector<Unit> relay;
    for (const DhcpOption &opt : m.options)
        splitIntoUnits(opt, opt.code == OptionCode::RelayAgentInformation ? relay : units);

    const std::size_t fixed = MinimumSize + 1 /* END */ + totalSize(relay);
    if (fixed > limit) {
        result.error = "option 82 (Relay Agent Information) alone does not fit in "
            + std::to_string(limit) + " octets";
        result.unplacedOptions.push_back(OptionCode::RelayAgentInformation);
        return result;
    }

    std::array<std::vector<Unit>, 3> placed; // options, file, sname
    std::size_t mainRoom = limit - fixed;
    if (totalSize(units) <= mainRoom) {
        placed[0] = units;
    } else {
        const bool fileFree = limits.allowOverload && isEmptyField(m.file);
        const bool snameFree = limits.allowOverload && isEmptyField(m.sname);
        if ((fileFree || snameFree) && mainRoom >= 3)
            mainRoom -= 3; // room for option 52 itself
        // First fit, with one constraint: the parts of a split option never go to an
        // earlier field than the part before them, so they concatenate back in the order
        // options → file → sname (RFC 3396 §6). Each field keeps room for its END.
        std::array<std::size_t, 3> room = {mainRoom, fileFree ? m.file.size() - 1 : 0,
                                           snameFree ? m.sname.size() - 1 : 0};
        std::size_t firstAllowed = 0;
        for (std::size_t i = 0; i < units.size(); ++i) {
            const Unit &u = units[i];
            if (i == 0 || units[i - 1].code != u.code)
                firstAllowed = 0;
            std::size_t field = firstAllowed;
            while (field < room.size() && u.wireSize() > room[field])
                ++field;
            if (field == room.size()) {
                if (result.unplacedOptions.empty() || result.unplacedOptions.back() != u.code)
                    result.unplacedOptions.push_back(u.code);
                firstAllowed = room.size();
                continue;
            }
            placed[field].push_back(u);
            room[field] -= u.wireSize();
            firstAllowed = field;
        }
    }
    if (!result.unplacedOptions.empty()) {
        result.error = "the message does not fit in the " + std::to_string(limit)
            + " octets the receiver accepts: option"
            + (result.unplacedOptions.size() > 1 ? "s " : " ") + codeList(result.unplacedOptions)
            + " left over";
        return result;
    }
    result.overload = std::uint8_t((placed[1].empty() ? 0 : 1) | (placed[2].empty() ? 0 : 2));

    auto &out = result.bytes;
    out.reserve(std::max(limits.minimumSize, MinimumSize + 64));
    ByteWriter w(out);
    w.u8(m.op);
    w.u8(m.htype);
    w.u8(m.hlen);
    w.u8(m.hops);
    w.u32(m.xid);
    w.u16(m.secs);
    w.u16(m.flags);
    for (Ipv4Address a : {m.ciaddr, m.yiaddr, m.siaddr, m.giaddr})
        w.u32(a.toUint32());
    w.bytes(m.chaddr);
    if (result.overload & 2)
        writeOverloadedField<64>(w, placed[2]);
    else
        w.bytes(m.sname);
    if (result.overload & 1)
        writeOverloadedField<128>(w, placed[1]);
    else
        w.bytes(m.file);
    w.bytes(MagicCookie);
    if (result.overload) {
        w.u8(OptionCode::Overload);
        w.u8(1);
        w.u8(result.overload);
    }
    writeUnits(w, placed[0]);
    writeUnits(w, relay); // RFC 3046 §2.2: SHOULD be the last option
    w.u8(OptionCode::End);
    const std::size_t minimum = std::min(limits.minimumSize, limit);
    if (out.size() < minimum)
        w.zeros(minimum - out.size());
    return result;
}

std::size_t DhcpCodec::replySizeLimit(const DhcpMessage &request)
{
    const auto mms = request.u16Option(OptionCode::MaxMessageSize);
    return mms && *mms >= 576 ? *mms : 576;
}

} // namespace leasedesk::proto
