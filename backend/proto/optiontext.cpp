#include "proto/optiontext.h"

#include "proto/dhcpmessage.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace leasedesk::proto {

namespace {

using T = OptionType;

// Escapes what would break reading the text back: the backslash, the list separator and
// anything that is not printable ASCII.
std::string escapeText(std::string_view s, bool escapeComma)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        // Leading and trailing spaces are escaped because parsing trims what people type.
        const bool edgeSpace = c == ' ' && (i == 0 || i + 1 == s.size());
        if (c == '\\') {
            out += "\\\\";
        } else if (c < 0x20 || c > 0x7e || (escapeComma && c == ',') || edgeSpace) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    return out;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<std::string> unescapeText(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (i + 1 < s.size() && s[i + 1] == '\\') {
            out += '\\';
            ++i;
        } else if (i + 3 < s.size() && s[i + 1] == 'x' && hexDigit(s[i + 2]) >= 0
                   && hexDigit(s[i + 3]) >= 0) {
            out += char(hexDigit(s[i + 2]) * 16 + hexDigit(s[i + 3]));
            i += 3;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t pos = s.find(sep, start);
        parts.push_back(trim(s.substr(start, pos == std::string_view::npos ? pos : pos - start)));
        if (pos == std::string_view::npos)
            return parts;
        start = pos + 1;
    }
}

template<typename Int> std::optional<Int> parseInt(std::string_view s)
{
    s = trim(s);
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        base = 16;
    }
    if (s.empty())
        return std::nullopt;
    Int v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string_view numberName(std::uint8_t code, std::uint32_t v)
{
    if (code == OptionCode::MessageType)
        return v < 256 ? messageTypeName(std::uint8_t(v)) : std::string_view();
    if (code == OptionCode::ParameterRequestList) {
        const OptionDefinition *def = v < 256 ? findOptionDefinition(std::uint8_t(v)) : nullptr;
        return def ? def->name : std::string_view();
    }
    if (code == OptionCode::ClientArchitecture)
        return v < 65536 ? clientArchitectureName(std::uint16_t(v)) : std::string_view();
    return {};
}

std::string formatNumber(std::uint8_t code, std::uint32_t v)
{
    const std::string_view name = numberName(code, v);
    return name.empty() ? std::to_string(v) : std::string(name) + " (" + std::to_string(v) + ")";
}

// "Router (3)", "3" or "Router": the number in parentheses wins, so names can change.
std::optional<std::uint32_t> parseNamedNumber(std::uint8_t code, std::string_view text)
{
    text = trim(text);
    if (!text.empty() && text.back() == ')') {
        const std::size_t open = text.rfind('(');
        if (open == std::string_view::npos)
            return std::nullopt;
        return parseInt<std::uint32_t>(text.substr(open + 1, text.size() - open - 2));
    }
    if (auto n = parseInt<std::uint32_t>(text))
        return n;
    for (std::uint32_t v = 0; v < 256; ++v) {
        const std::string_view name = numberName(code, v);
        if (!name.empty() && name.size() == text.size()
            && std::equal(name.begin(), name.end(), text.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a))
                       == std::tolower(static_cast<unsigned char>(b));
               }))
            return v;
    }
    return std::nullopt;
}

template<typename List, typename Fn>
std::string join(const List &items, std::string_view sep, Fn fn)
{
    std::string out;
    bool first = true;
    for (const auto &item : items) {
        if (!first)
            out += sep;
        first = false;
        out += fn(item);
    }
    return out;
}

std::string formatUuid(const std::array<std::uint8_t, 16> &u)
{
    const std::string hex = formatHex(u, 0);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-"
        + hex.substr(16, 4) + "-" + hex.substr(20);
}

using KeyValues = std::vector<std::pair<std::string_view, std::string_view>>;

// "key=value key=value"; values do not contain spaces (they are escaped).
std::optional<KeyValues> keyValues(std::string_view text)
{
    KeyValues out;
    for (std::string_view part : split(trim(text), ' ')) {
        if (part.empty())
            continue;
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos)
            return std::nullopt;
        out.emplace_back(part.substr(0, eq), part.substr(eq + 1));
    }
    return out;
}

struct TextParser
{
    const OptionDefinition &def;
    std::string error;

    std::nullopt_t bad(const std::string &what)
    {
        error = optionLabel(def.code) + ": " + what;
        return std::nullopt;
    }

    // One octet value ("5", "0x05"), or false with the error set.
    bool octet(std::string_view value, std::uint8_t &out)
    {
        const auto n = parseInt<unsigned>(value);
        if (!n || *n > 255) {
            bad("\"" + std::string(value) + "\" is not an octet value (0-255)");
            return false;
        }
        out = std::uint8_t(*n);
        return true;
    }

    std::optional<OptionValue> addresses(std::string_view text)
    {
        Addresses out;
        for (std::string_view item : split(text, ',')) {
            for (std::string_view part :
                 def.type == T::IpPairs ? split(item, ' ') : std::vector{item}) {
                if (part.empty())
                    continue;
                auto ip = Ipv4Address::fromString(part);
                if (!ip)
                    return bad("\"" + std::string(part) + "\" is not an IPv4 address");
                out.push_back(*ip);
            }
        }
        return out;
    }

    std::optional<OptionValue> numbers(std::string_view text)
    {
        Numbers out;
        for (std::string_view item : split(text, ',')) {
            auto n = parseNamedNumber(def.code, item);
            if (!n)
                return bad("\"" + std::string(item) + "\" is not a number");
            out.push_back(*n);
        }
        return out;
    }

    std::optional<OptionValue> relay(std::string_view text)
    {
        std::vector<RelaySubOption> subs;
        for (std::string_view item : split(text, ';')) {
            const std::size_t eq = item.find('=');
            auto code = eq == std::string_view::npos ? std::nullopt
                                                     : parseNamedNumber(0, item.substr(0, eq));
            auto data =
                eq == std::string_view::npos ? std::nullopt : parseHexBytes(item.substr(eq + 1));
            if (!code || *code > 255 || !data)
                return bad("\"" + std::string(item) + "\" is not SUB-OPTION=HEX");
            subs.push_back({std::uint8_t(*code), *data});
        }
        return subs;
    }

    std::optional<OptionValue> routes(std::string_view text)
    {
        std::vector<ClasslessRoute> out;
        for (std::string_view item : split(text, ',')) {
            const std::size_t slash = item.find('/');
            const std::size_t via = item.find(" via ");
            if (slash == std::string_view::npos || via == std::string_view::npos || via < slash)
                return bad("\"" + std::string(item) + "\" is not NETWORK/PREFIX via ROUTER");
            auto dest = Ipv4Address::fromString(trim(item.substr(0, slash)));
            auto width = parseInt<unsigned>(item.substr(slash + 1, via - slash - 1));
            auto router = Ipv4Address::fromString(trim(item.substr(via + 5)));
            if (!dest || !width || *width > 32 || !router)
                return bad("\"" + std::string(item) + "\" is not NETWORK/PREFIX via ROUTER");
            out.push_back({*dest, std::uint8_t(*width), *router});
        }
        return out;
    }

    std::optional<OptionValue> strings(std::string_view text)
    {
        Strings out;
        for (std::string_view item : split(text, ',')) {
            auto s = unescapeText(item);
            if (!s)
                return bad("\"" + std::string(item) + "\" has a broken \\ escape");
            out.push_back(*s);
        }
        return out;
    }

    std::optional<OptionValue> fqdn(std::string_view text)
    {
        auto kv = keyValues(text);
        if (!kv)
            return bad("expected flags=0xNN rcode1=N rcode2=N name=NAME");
        ClientFqdn f;
        for (auto [key, value] : *kv) {
            if (key == "name") {
                auto name = unescapeText(value);
                if (!name)
                    return bad("the name has a broken \\ escape");
                f.name = *name;
                continue;
            }
            std::uint8_t *target = key == "flags" ? &f.flags
                : key == "rcode1"                 ? &f.rcode1
                : key == "rcode2"                 ? &f.rcode2
                                                  : nullptr;
            if (!target)
                return bad("unknown key \"" + std::string(key) + "\"");
            if (!octet(value, *target))
                return std::nullopt;
        }
        return f;
    }

    std::optional<OptionValue> ndi(std::string_view text)
    {
        auto kv = keyValues(text);
        ClientNdi n;
        bool sawVersion = false;
        for (auto [key, value] : kv.value_or(KeyValues{})) {
            if (key == "type") {
                if (!octet(value, n.type))
                    return std::nullopt;
            } else if (key == "version") {
                const std::size_t dot = value.find('.');
                auto major = parseInt<std::uint8_t>(value.substr(0, dot));
                auto minor = dot == std::string_view::npos
                    ? std::nullopt
                    : parseInt<std::uint8_t>(value.substr(dot + 1));
                if (!major || !minor)
                    return bad("\"" + std::string(value) + "\" is not MAJOR.MINOR");
                n.major = *major;
                n.minor = *minor;
                sawVersion = true;
            }
        }
        if (!kv || !sawVersion)
            return bad("expected type=N version=MAJOR.MINOR");
        return n;
    }

    std::optional<OptionValue> uuid(std::string_view text)
    {
        auto kv = keyValues(text);
        ClientUuid u;
        bool sawUuid = false;
        for (auto [key, value] : kv.value_or(KeyValues{})) {
            if (key == "type") {
                if (!octet(value, u.type))
                    return std::nullopt;
            } else if (key == "uuid") {
                std::string hex(value);
                std::erase(hex, '-');
                auto bytes = parseHexBytes(hex);
                if (!bytes || bytes->size() != 16)
                    return bad("\"" + std::string(value) + "\" is not a 16-octet UUID");
                std::copy(bytes->begin(), bytes->end(), u.uuid.begin());
                sawUuid = true;
            }
        }
        if (!kv || !sawUuid)
            return bad("expected type=0 uuid=XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX");
        return u;
    }

    std::optional<OptionValue> parse(std::string_view text)
    {
        text = trim(text);
        switch (def.type) {
        case T::Empty:
            if (!text.empty())
                return bad("takes no value");
            return std::monostate();
        case T::Ip:
        case T::IpList:
        case T::IpPairs: return addresses(text);
        case T::U8:
        case T::U16:
        case T::U32:
        case T::MessageType:
        case T::U8List:
        case T::U16List: return numbers(text);
        case T::I32:
            if (auto n = parseInt<std::int32_t>(text))
                return *n;
            return bad("\"" + std::string(text) + "\" is not a signed 32-bit number");
        case T::Bool:
            if (text == "true" || text == "1" || text == "yes" || text == "on")
                return true;
            if (text == "false" || text == "0" || text == "no" || text == "off")
                return false;
            return bad("\"" + std::string(text) + "\" is not true or false");
        case T::String:
            if (auto s = unescapeText(text))
                return *s;
            return bad("\"" + std::string(text) + "\" has a broken \\ escape");
        case T::Bytes:
            if (auto b = parseHexBytes(text))
                return *b;
            return bad("\"" + std::string(text) + "\" is not hex bytes (01:02:0a)");
        case T::ClientIdentifier: {
            auto b = parseHexBytes(text);
            if (!b || b->size() < 2)
                return bad("\"" + std::string(text)
                           + "\" is not a client identifier: hex bytes, type byte first");
            return ClientIdentifier{(*b)[0], Bytes(b->begin() + 1, b->end())};
        }
        case T::RelayAgentInfo: return relay(text);
        case T::ClasslessRoutes: return routes(text);
        case T::DomainList:
        case T::UserClass: return strings(text);
        case T::ClientFqdn: return fqdn(text);
        case T::ClientNdi: return ndi(text);
        case T::ClientUuid: return uuid(text);
        }
        return bad("has a type the parser does not know");
    }
};

} // namespace

std::optional<Bytes> parseHexBytes(std::string_view text)
{
    text = trim(text);
    Bytes out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (i > 0 && (text[i] == ':' || text[i] == '-')) {
            ++i;
            if (i >= text.size())
                return std::nullopt;
        }
        const int hi = hexDigit(text[i]);
        const int lo = i + 1 < text.size() ? hexDigit(text[i + 1]) : -1;
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out.push_back(std::uint8_t(hi * 16 + lo));
        i += 2;
    }
    return out;
}

std::string formatOptionValue(const OptionDefinition &def, const OptionValue &value)
{
    const std::uint8_t code = def.code;
    return std::visit(
        [&](const auto &v) -> std::string {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::monostate>) {
                return "";
            } else if constexpr (std::is_same_v<V, Addresses>) {
                std::string out;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (i)
                        out += def.type == T::IpPairs && i % 2 ? " " : ", ";
                    out += v[i].toString();
                }
                return out;
            } else if constexpr (std::is_same_v<V, Numbers>) {
                return join(v, ", ", [&](std::uint32_t n) { return formatNumber(code, n); });
            } else if constexpr (std::is_same_v<V, std::int32_t>) {
                return std::to_string(v);
            } else if constexpr (std::is_same_v<V, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<V, std::string>) {
                return escapeText(v, false);
            } else if constexpr (std::is_same_v<V, Bytes>) {
                return formatHex(v);
            } else if constexpr (std::is_same_v<V, ClientIdentifier>) {
                Bytes all{v.type};
                all.insert(all.end(), v.id.begin(), v.id.end());
                return formatHex(all);
            } else if constexpr (std::is_same_v<V, std::vector<RelaySubOption>>) {
                return join(v, "; ", [](const RelaySubOption &s) {
                    const std::string_view name = relaySubOptionName(s.code);
                    return (name.empty() ? std::to_string(s.code)
                                         : std::string(name) + " (" + std::to_string(s.code) + ")")
                        + "=" + formatHex(s.data);
                });
            } else if constexpr (std::is_same_v<V, std::vector<ClasslessRoute>>) {
                return join(v, ", ", [](const ClasslessRoute &r) {
                    return r.destination.toString() + "/" + std::to_string(r.prefixLength) + " via "
                        + r.router.toString();
                });
            } else if constexpr (std::is_same_v<V, Strings>) {
                return join(v, ", ", [](const std::string &s) { return escapeText(s, true); });
            } else if constexpr (std::is_same_v<V, ClientFqdn>) {
                char flags[8];
                std::snprintf(flags, sizeof flags, "0x%02x", v.flags);
                std::string name = escapeText(v.name, false);
                // Spaces separate the keys, so they travel escaped.
                std::string escaped;
                for (char c : name)
                    escaped += c == ' ' ? std::string("\\x20") : std::string(1, c);
                return std::string("flags=") + flags + " rcode1=" + std::to_string(v.rcode1)
                    + " rcode2=" + std::to_string(v.rcode2) + " name=" + escaped;
            } else if constexpr (std::is_same_v<V, ClientNdi>) {
                return "type=" + std::to_string(v.type) + " version=" + std::to_string(v.major)
                    + "." + std::to_string(v.minor);
            } else if constexpr (std::is_same_v<V, ClientUuid>) {
                return "type=" + std::to_string(v.type) + " uuid=" + formatUuid(v.uuid);
            }
        },
        value);
}

std::string formatOption(std::uint8_t code, std::span<const std::uint8_t> data)
{
    const OptionDefinition def = optionDefinitionOrGeneric(code);
    DecodedOption decoded = decodeOption(def, data);
    if (decoded.value)
        return formatOptionValue(def, *decoded.value);
    return formatHex(data) + " (" + decoded.error + ")";
}

ParsedOptionText parseOptionText(const OptionDefinition &def, std::string_view text)
{
    TextParser parser{def, {}};
    auto value = parser.parse(text);
    return {std::move(value), std::move(parser.error)};
}

EncodedOption encodeOptionText(const OptionDefinition &def, std::string_view text)
{
    ParsedOptionText parsed = parseOptionText(def, text);
    if (!parsed.value)
        return {{}, parsed.error};
    return encodeOption(def, *parsed.value);
}

} // namespace leasedesk::proto
