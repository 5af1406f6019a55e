#pragma once

#include "proto/optiondefinition.h"
#include "proto/optionvalue.h"

#include <span>
#include <string>
#include <string_view>

namespace leasedesk::proto {

struct ParsedOptionText
{
    std::optional<OptionValue> value;
    std::string error; // names the option and the part of the text that is wrong
};

// Text for people, in one form per type, which parseOptionText reads back:
//   addresses "198.18.0.1, 198.18.0.2"; pairs "198.18.5.0 198.18.0.1, …";
//   numbers "600"; named numbers "DISCOVER (1)", "UEFI x64 (7)", "Router (3)";
//   strings with \\ and \xNN escapes; bytes and client-ids "01:02:00:00:00:00:09";
//   routes "198.18.5.0/24 via 198.18.0.1"; relay sub-options "Circuit ID (1)=65:74:68:30; …";
//   domain lists "lab.test, example.org"; compound values "key=value key=value".
std::string formatOptionValue(const OptionDefinition &def, const OptionValue &value);

// Bytes as a person should read them: the typed value, or hex followed by why the bytes do
// not fit the option's type.
std::string formatOption(std::uint8_t code, std::span<const std::uint8_t> data);

// What an admin typed (configuration JSON, the GUI) to a typed value.
ParsedOptionText parseOptionText(const OptionDefinition &def, std::string_view text);
// parseOptionText, then encodeOption.
EncodedOption encodeOptionText(const OptionDefinition &def, std::string_view text);

// Hex bytes separated by ':', '-', or nothing ("0a:0b", "0a-0b", "0a0b").
std::optional<Bytes> parseHexBytes(std::string_view text);

} // namespace leasedesk::proto
