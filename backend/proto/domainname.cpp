#include "proto/domainname.h"

namespace leasedesk::proto {

namespace {

// Label octets as text: '.' and '\' are escaped so that a name splits back into the same
// labels, and octets outside printable ASCII become \DDD (RFC 1035 §5.1 master file style).
void appendLabel(std::string &out, std::span<const std::uint8_t> label)
{
    for (std::uint8_t c : label) {
        if (c == '.' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x21 || c > 0x7e || c == ',') { // ',' separates names in lists
            out += '\\';
            out += char('0' + c / 100);
            out += char('0' + c / 10 % 10);
            out += char('0' + c % 10);
        } else {
            out += char(c);
        }
    }
}

void setError(std::string *error, std::string text)
{
    if (error)
        *error = std::move(text);
}

// Reads the name starting at pos; on return next is the offset after it in the original
// sequence (not after any pointer target).
bool readName(std::span<const std::uint8_t> data, std::size_t pos, std::string &name,
              std::size_t &next, bool &complete, bool allowPointers, std::string *error)
{
    std::size_t lowest = pos; // pointers must go strictly below every place visited
    std::size_t wire = 0;
    bool jumped = false;
    name.clear();
    complete = false;
    for (;;) {
        if (pos >= data.size()) {
            if (!allowPointers && !jumped) { // RFC 4702 partial name: no root label
                next = pos;
                return true;
            }
            setError(error,
                     "the domain name runs past the end of the option at octet "
                         + std::to_string(pos));
            return false;
        }
        const std::uint8_t len = data[pos];
        if (len == 0) {
            if (!jumped)
                next = pos + 1;
            complete = true;
            return true;
        }
        if ((len & 0xc0) == 0xc0) {
            if (!allowPointers) {
                setError(error,
                         "compression pointer at octet " + std::to_string(pos)
                             + " is not allowed here");
                return false;
            }
            if (pos + 1 >= data.size()) {
                setError(error,
                         "compression pointer at octet " + std::to_string(pos)
                             + " is cut off by the end of the option");
                return false;
            }
            const std::size_t target = std::size_t(len & 0x3f) << 8 | data[pos + 1];
            if (target >= lowest) {
                setError(error,
                         "compression pointer at octet " + std::to_string(pos)
                             + " points forward to octet " + std::to_string(target)
                             + "; pointers must point to an earlier name");
                return false;
            }
            if (!jumped)
                next = pos + 2;
            jumped = true;
            lowest = target;
            pos = target;
            continue;
        }
        if (len & 0xc0) {
            setError(error,
                     "label at octet " + std::to_string(pos) + " has length " + std::to_string(len)
                         + "; labels are at most 63 octets");
            return false;
        }
        if (pos + 1 + len > data.size()) {
            setError(error,
                     "label at octet " + std::to_string(pos) + " of length " + std::to_string(len)
                         + " runs past the end of the option");
            return false;
        }
        wire += 1 + len;
        if (wire + 1 > DomainName::MaxName) {
            setError(error, "a domain name is longer than 255 octets");
            return false;
        }
        if (!name.empty())
            name += '.';
        appendLabel(name, data.subspan(pos + 1, len));
        pos += 1 + len;
    }
}

bool parseEscape(std::string_view text, std::size_t &i, std::uint8_t &out)
{
    // text[i] is the backslash
    if (i + 1 >= text.size())
        return false;
    const char c = text[i + 1];
    if (c >= '0' && c <= '9') {
        if (i + 3 >= text.size())
            return false;
        unsigned v = 0;
        for (std::size_t k = 1; k <= 3; ++k) {
            const char d = text[i + k];
            if (d < '0' || d > '9')
                return false;
            v = v * 10 + unsigned(d - '0');
        }
        if (v > 255)
            return false;
        out = std::uint8_t(v);
        i += 4;
        return true;
    }
    out = std::uint8_t(c);
    i += 2;
    return true;
}

} // namespace

std::optional<std::vector<std::string>> DomainName::decodeList(std::span<const std::uint8_t> data,
                                                               std::string *error)
{
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::string name;
        std::size_t next = pos;
        bool complete = false;
        if (!readName(data, pos, name, next, complete, true, error))
            return std::nullopt;
        names.push_back(std::move(name));
        pos = next;
    }
    return names;
}

std::optional<std::string> DomainName::decodeOne(std::span<const std::uint8_t> data,
                                                 std::string *error)
{
    std::string name;
    std::size_t next = 0;
    bool complete = false;
    if (!readName(data, 0, name, next, complete, false, error))
        return std::nullopt;
    if (next != data.size()) {
        setError(error, "extra octets follow the domain name at octet " + std::to_string(next));
        return std::nullopt;
    }
    if (complete)
        name += '.';
    return name;
}

bool DomainName::endsWithRootDot(std::string_view name)
{
    if (name.empty() || name.back() != '.')
        return false;
    std::size_t backslashes = 0;
    for (std::size_t i = name.size() - 1; i > 0 && name[i - 1] == '\\'; --i)
        ++backslashes;
    return backslashes % 2 == 0;
}

bool DomainName::encode(std::string_view name, std::vector<std::uint8_t> &out, std::string *error,
                        bool partial)
{
    if (endsWithRootDot(name))
        name.remove_suffix(1);
    std::vector<std::uint8_t> wire;
    std::vector<std::uint8_t> label;
    auto closeLabel = [&]() {
        if (label.empty()) {
            setError(error, "\"" + std::string(name) + "\" has an empty label");
            return false;
        }
        if (label.size() > MaxLabel) {
            setError(error,
                     "a label of \"" + std::string(name) + "\" is " + std::to_string(label.size())
                         + " characters long; at most 63 are allowed");
            return false;
        }
        wire.push_back(std::uint8_t(label.size()));
        wire.insert(wire.end(), label.begin(), label.end());
        label.clear();
        return true;
    };
    for (std::size_t i = 0; i < name.size();) {
        const char c = name[i];
        if (c == '.') {
            if (!closeLabel())
                return false;
            ++i;
        } else if (c == '\\') {
            std::uint8_t octet = 0;
            if (!parseEscape(name, i, octet)) {
                setError(error, "\"" + std::string(name) + "\" has a broken \\ escape");
                return false;
            }
            label.push_back(octet);
        } else {
            label.push_back(std::uint8_t(c));
            ++i;
        }
    }
    if (!name.empty() && !closeLabel())
        return false;
    if (!partial || name.empty())
        wire.push_back(0);
    if (wire.size() > MaxName) {
        setError(error, "\"" + std::string(name) + "\" is longer than 255 octets on the wire");
        return false;
    }
    out.insert(out.end(), wire.begin(), wire.end());
    return true;
}

} // namespace leasedesk::proto
