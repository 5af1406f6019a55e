// Fuzz invariant of the wire codec (conformance P-14): for any bytes, parsing either fails
// with a reason or gives a message that serializes, parses again and means the same; every
// option that decodes to a typed value encodes back to the same value, and what we show
// people reads back as the same value, and every field the inspector locates lies inside the
// packet. Any violation aborts, which libFuzzer reports.
#include "proto/dhcpcodec.h"
#include "proto/messagedescription.h"
#include "proto/optiondefinition.h"
#include "proto/optiontext.h"
#include "proto/optionvalue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace leasedesk::proto;

namespace {

[[noreturn]] void violated(const char *what, const std::string &detail = {})
{
    std::fprintf(stderr, "fuzz invariant violated: %s %s\n", what, detail.c_str());
    std::abort();
}

// The order of different options carries no meaning (the encoder moves 82 last and may fill
// file and sname first-fit); the data of each option, reassembled, does.
DhcpMessage canonical(DhcpMessage m)
{
    std::sort(m.options.begin(), m.options.end(),
              [](const DhcpOption &a, const DhcpOption &b) { return a.code < b.code; });
    return m;
}

void checkRoundTrip(const DhcpMessage &original, const EncodeLimits &limits, bool mustFit)
{
    const EncodeResult encoded = DhcpCodec::serialize(original, limits);
    if (!encoded) {
        if (mustFit)
            violated("serialize failed:", encoded.error);
        return;
    }
    if (encoded.bytes.size() > std::max<std::size_t>(limits.maxDatagramSize, 576) - 28)
        violated("serialize exceeded its size limit");
    const ParseResult again = DhcpCodec::parse(encoded.bytes);
    if (!again)
        violated("reparse failed:", again.error.reason);
    if (canonical(*again.message) != canonical(original))
        violated("round trip changed the message");
}

void checkOption(const DhcpOption &opt)
{
    const OptionDefinition def = optionDefinitionOrGeneric(opt.code);
    (void)formatOption(opt.code, opt.data);
    const DecodedOption decoded = decodeOption(def, opt.data);
    if (!decoded.value)
        return;
    const EncodedOption encoded = encodeOption(def, *decoded.value);
    if (!encoded)
        violated("a decoded option did not encode:", encoded.error);
    const DecodedOption again = decodeOption(def, encoded.bytes);
    if (!again.value || !(*again.value == *decoded.value))
        violated("typed round trip changed option", std::to_string(opt.code));

    // A User Class that is not in RFC 3004 form is shown as plain text; typed back in, it
    // becomes the RFC 3004 form, which is what an admin means.
    if (def.type == OptionType::UserClass && std::holds_alternative<std::string>(*decoded.value))
        return;
    const std::string text = formatOptionValue(def, *decoded.value);
    const ParsedOptionText parsed = parseOptionText(def, text);
    if (!parsed.value)
        violated("shown text does not read back:",
                 std::to_string(opt.code) + " \"" + text + "\": " + parsed.error);
    if (!(*parsed.value == *decoded.value))
        violated("shown text reads back differently:",
                 std::to_string(opt.code) + " \"" + text + "\"");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const ParseResult parsed = DhcpCodec::parse(std::span(data, size));
    // The packet inspector's located fields (issue 7): every span lies inside the bytes, for
    // packets that parse and for those that do not.
    std::string wireError;
    for (const LocatedField &f : describeWire(std::span(data, size), &wireError))
        if (f.offset > size || f.length > size - f.offset)
            violated("a located field lies outside the packet:", f.field.name);
    if (!parsed) {
        if (parsed.error.reason.empty())
            violated("a parse error without a reason");
        return 0;
    }
    const DhcpMessage &m = *parsed.message;
    (void)describeMessage(m);
    (void)summarizeMessage(m);
    for (const DhcpOption &opt : m.options)
        checkOption(opt);
    checkRoundTrip(m, {.maxDatagramSize = 65535}, true);
    checkRoundTrip(m, {.maxDatagramSize = 576}, false);
    checkRoundTrip(m, {.maxDatagramSize = 576, .allowOverload = false}, false);
    return 0;
}
