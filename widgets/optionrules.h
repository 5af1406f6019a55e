#pragma once

#include "proto/optiondefinition.h"

#include <QString>

namespace leasedesk {

// What the option editors need to know about an option code, in one place so that the
// list, the picker and the typed editors refuse exactly what the server refuses.

// Why the server does not let an admin set this option (it writes the option itself, or a
// scope field stands for it); empty when the option may be configured.
QString serverOwnedOptionReason(quint8 code);

// The parser's message for a value the server would refuse; empty when it would accept it.
// Parsing and encoding are both checked: a U16 of 70000 parses but does not encode.
QString optionValueError(quint8 code, const QString &text);

// "NTP Servers", or "Option 224" for codes the table does not know.
QString optionName(quint8 code);

// What a value of this type looks like, for people: "IPv4 addresses, comma-separated".
QString optionTypeDescription(proto::OptionType type);

// An example in the syntax the parser reads, shown as placeholder text.
QString optionExample(proto::OptionType type);

} // namespace leasedesk
