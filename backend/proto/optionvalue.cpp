#include "proto/optionvalue.h"

#include "proto/bytereader.h"
#include "proto/bytewriter.h"
#include "proto/domainname.h"

#include <algorithm>

namespace leasedesk::proto {

namespace {

using T = OptionType;
using Span = std::span<const std::uint8_t>;

DecodedOption fail(const OptionDefinition &def, const std::string &what)
{
    return {std::nullopt, optionLabel(def.code) + " " + what};
}

std::uint32_t readNumber(Span d)
{
    std::uint32_t v = 0;
    for (std::uint8_t b : d)
        v = v << 8 | b;
    return v;
}

Addresses readAddresses(Span d)
{
    Addresses out;
    for (std::size_t i = 0; i + 4 <= d.size(); i += 4)
        out.push_back(Ipv4Address::fromBytes(d.data() + i));
    return out;
}

DecodedOption decodeRelayInfo(const OptionDefinition &def, Span d)
{
    std::vector<RelaySubOption> subs;
    ByteReader r(d);
    while (!r.atEnd()) {
        std::uint8_t code = 0;
        std::uint8_t len = 0;
        Span data;
        const std::size_t at = r.position();
        r.readU8(code);
        if (!r.readU8(len))
            return fail(def,
                        "sub-option " + std::to_string(code) + " at octet " + std::to_string(at)
                            + " has no length octet");
        if (!r.readSpan(len, data))
            return fail(def,
                        "sub-option " + std::to_string(code) + " length " + std::to_string(len)
                            + " runs past the end of the option");
        subs.push_back({code, Bytes(data.begin(), data.end())});
    }
    return {std::move(subs), {}};
}

DecodedOption decodeRoutes(const OptionDefinition &def, Span d)
{
    // RFC 3442 §3: prefix width, then only the significant octets of the destination, then
    // the router.
    std::vector<ClasslessRoute> routes;
    ByteReader r(d);
    while (!r.atEnd()) {
        std::uint8_t width = 0;
        const std::size_t at = r.position();
        r.readU8(width);
        if (width > 32)
            return fail(def,
                        "route at octet " + std::to_string(at) + " has prefix length "
                            + std::to_string(width) + "; the most is 32");
        Span dest;
        Span router;
        if (!r.readSpan((width + 7u) / 8u, dest) || !r.readSpan(4, router))
            return fail(
                def, "route at octet " + std::to_string(at) + " runs past the end of the option");
        std::array<std::uint8_t, 4> full{};
        std::copy(dest.begin(), dest.end(), full.begin());
        routes.push_back(
            {Ipv4Address::fromBytes(full.data()), width, Ipv4Address::fromBytes(router.data())});
    }
    return {std::move(routes), {}};
}

DecodedOption decodeFqdn(const OptionDefinition &def, Span d)
{
    ClientFqdn fqdn{d[0], d[1], d[2], {}};
    const Span name = d.subspan(3);
    if (fqdn.flags & ClientFqdn::FlagE) {
        std::string error;
        auto decoded = DomainName::decodeOne(name, &error);
        if (!decoded)
            return fail(def, "has a bad name: " + error);
        fqdn.name = *decoded;
    } else {
        // RFC 4702 §2.3.1: ASCII encoding is deprecated but still sent by old clients.
        fqdn.name.assign(name.begin(), name.end());
    }
    return {std::move(fqdn), {}};
}

DecodedOption decodeUserClass(Span d)
{
    // RFC 3004 §4: a list of length-prefixed class names. Many clients send one plain string
    // instead; that is kept as a string so it goes back out unchanged.
    Strings classes;
    ByteReader r(d);
    while (!r.atEnd()) {
        std::uint8_t len = 0;
        Span data;
        r.readU8(len);
        if (len == 0 || !r.readSpan(len, data))
            return {std::string(d.begin(), d.end()), {}};
        classes.emplace_back(data.begin(), data.end());
    }
    return {std::move(classes), {}};
}

} // namespace

DecodedOption decodeOption(const OptionDefinition &def, std::span<const std::uint8_t> d)
{
    if (auto error = checkOptionLength(def, d.size()))
        return {std::nullopt, *error};
    switch (def.type) {
    case T::Empty: return {std::monostate(), {}};
    case T::Ip:
    case T::IpList:
    case T::IpPairs: return {readAddresses(d), {}};
    case T::U8:
    case T::U16:
    case T::U32:
    case T::MessageType: return {Numbers{readNumber(d)}, {}};
    case T::I32: return {std::int32_t(readNumber(d)), {}};
    case T::Bool:
        if (d[0] > 1)
            return fail(def, "is " + std::to_string(d[0]) + "; it must be 0 or 1");
        return {d[0] == 1, {}};
    case T::String: return {std::string(d.begin(), d.end()), {}};
    case T::Bytes: return {Bytes(d.begin(), d.end()), {}};
    case T::U8List: return {Numbers(d.begin(), d.end()), {}};
    case T::U16List: {
        Numbers out;
        for (std::size_t i = 0; i + 2 <= d.size(); i += 2)
            out.push_back(readNumber(d.subspan(i, 2)));
        return {std::move(out), {}};
    }
    case T::ClientIdentifier: return {ClientIdentifier{d[0], Bytes(d.begin() + 1, d.end())}, {}};
    case T::RelayAgentInfo: return decodeRelayInfo(def, d);
    case T::ClasslessRoutes: return decodeRoutes(def, d);
    case T::DomainList: {
        std::string error;
        auto names = DomainName::decodeList(d, &error);
        if (!names)
            return fail(def, "has a bad name: " + error);
        return {std::move(*names), {}};
    }
    case T::ClientFqdn: return decodeFqdn(def, d);
    case T::UserClass: return decodeUserClass(d);
    case T::ClientNdi: return {ClientNdi{d[0], d[1], d[2]}, {}};
    case T::ClientUuid: {
        ClientUuid uuid{d[0], {}};
        std::copy(d.begin() + 1, d.end(), uuid.uuid.begin());
        return {uuid, {}};
    }
    }
    return fail(def, "has a type the decoder does not know");
}

namespace {

struct Encoder
{
    const OptionDefinition &def;
    Bytes out;
    std::string error;

    bool wrong(const std::string &what)
    {
        error = optionLabel(def.code) + " " + what;
        return false;
    }

    bool numbers(const Numbers &n, std::uint32_t max, int width, bool single)
    {
        if (single && n.size() != 1)
            return wrong("takes exactly one number");
        if (n.empty())
            return wrong("takes at least one number");
        ByteWriter w(out);
        for (std::uint32_t v : n) {
            if (v > max)
                return wrong("value " + std::to_string(v) + " is larger than "
                             + std::to_string(max));
            if (width == 1)
                w.u8(std::uint8_t(v));
            else if (width == 2)
                w.u16(std::uint16_t(v));
            else
                w.u32(v);
        }
        return true;
    }

    bool addresses(const Addresses &a)
    {
        const bool ok = def.type == T::Ip ? a.size() == 1
            : def.type == T::IpList       ? !a.empty()
                                          : !a.empty() && a.size() % 2 == 0;
        if (!ok)
            return wrong(def.type == T::Ip           ? "takes exactly one address"
                             : def.type == T::IpList ? "takes at least one address"
                                                     : "takes address pairs");
        for (Ipv4Address ip : a)
            ByteWriter(out).bytes(ip.toBytes());
        return true;
    }

    bool relay(const std::vector<RelaySubOption> &subs)
    {
        ByteWriter w(out);
        for (const RelaySubOption &s : subs) {
            if (s.data.size() > 255)
                return wrong("sub-option " + std::to_string(s.code) + " is longer than 255 octets");
            w.u8(s.code);
            w.u8(std::uint8_t(s.data.size()));
            w.bytes(s.data);
        }
        return true;
    }

    bool routes(const std::vector<ClasslessRoute> &routes)
    {
        ByteWriter w(out);
        for (const ClasslessRoute &r : routes) {
            if (r.prefixLength > 32)
                return wrong("route prefix /" + std::to_string(r.prefixLength)
                             + " is longer than /32");
            w.u8(r.prefixLength);
            const auto dest = r.destination.toBytes();
            w.bytes(std::span(dest).first((r.prefixLength + 7u) / 8u));
            w.bytes(r.router.toBytes());
        }
        return true;
    }

    bool names(const Strings &list)
    {
        for (const std::string &name : list) {
            std::string why;
            if (!DomainName::encode(name, out, &why))
                return wrong("has a bad domain name: " + why);
        }
        return true;
    }

    bool fqdn(const ClientFqdn &f)
    {
        ByteWriter w(out);
        w.u8(f.flags);
        w.u8(f.rcode1);
        w.u8(f.rcode2);
        if (!(f.flags & ClientFqdn::FlagE)) {
            out.insert(out.end(), f.name.begin(), f.name.end());
            return true;
        }
        if (f.name.empty())
            return true; // a partial name with no labels at all (RFC 4702 §2.3.1)
        std::string why;
        const bool partial = !DomainName::endsWithRootDot(f.name);
        if (!DomainName::encode(f.name, out, &why, partial))
            return wrong("has a bad name: " + why);
        return true;
    }

    bool userClasses(const Strings &classes)
    {
        for (const std::string &c : classes) {
            if (c.empty() || c.size() > 255)
                return wrong("class names must be 1 to 255 octets long");
            out.push_back(std::uint8_t(c.size()));
            out.insert(out.end(), c.begin(), c.end());
        }
        return true;
    }

    bool encode(const OptionValue &v)
    {
        switch (def.type) {
        case T::Empty:
            if (!std::holds_alternative<std::monostate>(v))
                return wrong("carries no value");
            return true;
        case T::Ip:
        case T::IpList:
        case T::IpPairs:
            if (auto a = std::get_if<Addresses>(&v))
                return addresses(*a);
            return wrong("takes IPv4 addresses");
        case T::U8:
        case T::MessageType:
        case T::U8List:
        case T::U16:
        case T::U16List:
        case T::U32: {
            auto n = std::get_if<Numbers>(&v);
            if (!n)
                return wrong("takes numbers");
            const bool list = def.type == T::U8List || def.type == T::U16List;
            const int width = def.type == T::U32               ? 4
                : def.type == T::U16 || def.type == T::U16List ? 2
                                                               : 1;
            const std::uint32_t max = width == 4 ? 0xffffffffu : width == 2 ? 0xffffu : 0xffu;
            return numbers(*n, max, width, !list);
        }
        case T::I32:
            if (auto i = std::get_if<std::int32_t>(&v)) {
                ByteWriter(out).u32(std::uint32_t(*i));
                return true;
            }
            return wrong("takes a signed number");
        case T::Bool:
            if (auto b = std::get_if<bool>(&v)) {
                out.push_back(*b ? 1 : 0);
                return true;
            }
            return wrong("takes true or false");
        case T::String:
            if (auto s = std::get_if<std::string>(&v)) {
                out.assign(s->begin(), s->end());
                return true;
            }
            return wrong("takes text");
        case T::Bytes:
            if (auto b = std::get_if<Bytes>(&v)) {
                out = *b;
                return true;
            }
            return wrong("takes bytes");
        case T::ClientIdentifier:
            if (auto c = std::get_if<ClientIdentifier>(&v)) {
                out.push_back(c->type);
                out.insert(out.end(), c->id.begin(), c->id.end());
                return true;
            }
            return wrong("takes a client identifier");
        case T::RelayAgentInfo:
            if (auto s = std::get_if<std::vector<RelaySubOption>>(&v))
                return relay(*s);
            return wrong("takes relay agent sub-options");
        case T::ClasslessRoutes:
            if (auto r = std::get_if<std::vector<ClasslessRoute>>(&v))
                return routes(*r);
            return wrong("takes routes");
        case T::DomainList:
            if (auto s = std::get_if<Strings>(&v))
                return names(*s);
            return wrong("takes domain names");
        case T::ClientFqdn:
            if (auto f = std::get_if<ClientFqdn>(&v))
                return fqdn(*f);
            return wrong("takes a client FQDN");
        case T::UserClass:
            if (auto s = std::get_if<Strings>(&v))
                return userClasses(*s);
            if (auto s = std::get_if<std::string>(&v)) {
                out.assign(s->begin(), s->end());
                return true;
            }
            return wrong("takes class names");
        case T::ClientNdi:
            if (auto n = std::get_if<ClientNdi>(&v)) {
                out = {n->type, n->major, n->minor};
                return true;
            }
            return wrong("takes a network interface identifier");
        case T::ClientUuid:
            if (auto u = std::get_if<ClientUuid>(&v)) {
                out.push_back(u->type);
                out.insert(out.end(), u->uuid.begin(), u->uuid.end());
                return true;
            }
            return wrong("takes a machine identifier");
        }
        return wrong("has a type the encoder does not know");
    }
};

} // namespace

EncodedOption encodeOption(const OptionDefinition &def, const OptionValue &value)
{
    Encoder enc{def, {}, {}};
    if (!enc.encode(value))
        return {{}, enc.error};
    // The same length rules as decoding: an empty list or string is refused here too.
    if (auto error = checkOptionLength(def, enc.out.size()))
        return {{}, *error};
    return {std::move(enc.out), {}};
}

} // namespace leasedesk::proto
