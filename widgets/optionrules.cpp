#include "widgets/optionrules.h"

#include "core/configurationvalidator.h"
#include "proto/optiontext.h"

namespace leasedesk {

using proto::OptionType;

QString serverOwnedOptionReason(quint8 code)
{
    // The validator keeps the list of server-owned codes to itself; asking it about a scope
    // that sets only this option keeps that list in one place instead of copying it here.
    Configuration config;
    Scope scope;
    scope.name = QStringLiteral("probe");
    scope.network = *proto::Ipv4Address::fromString("198.18.0.0");
    scope.options = {OptionSetting{code, {}}};
    config.scopes = {scope};
    const QString path = QStringLiteral("scopes[0].options[0].code");
    const QString prefix = QStringLiteral("cannot be configured: ");
    for (const ValidationIssue &issue : ConfigurationValidator::validate(config)) {
        if (issue.path != path || !issue.isError())
            continue;
        const qsizetype at = issue.message.indexOf(prefix);
        return at < 0 ? issue.message : issue.message.mid(at + prefix.size());
    }
    return {};
}

QString optionValueError(quint8 code, const QString &text)
{
    const proto::OptionDefinition def = proto::optionDefinitionOrGeneric(code);
    return QString::fromStdString(proto::encodeOptionText(def, text.toStdString()).error);
}

QString optionName(quint8 code)
{
    const proto::OptionDefinition *def = proto::findOptionDefinition(code);
    if (!def)
        return QStringLiteral("Option %1").arg(code);
    return QString::fromUtf8(def->name.data(), qsizetype(def->name.size()));
}

QString optionTypeDescription(OptionType type)
{
    switch (type) {
    case OptionType::Empty: return QStringLiteral("no value");
    case OptionType::Ip: return QStringLiteral("one IPv4 address");
    case OptionType::IpList: return QStringLiteral("IPv4 addresses, comma-separated");
    case OptionType::IpPairs: return QStringLiteral("address pairs, comma-separated");
    case OptionType::U8: return QStringLiteral("number, 0 to 255");
    case OptionType::U16: return QStringLiteral("number, 0 to 65535");
    case OptionType::U32: return QStringLiteral("number, 0 to 4294967295");
    case OptionType::I32: return QStringLiteral("signed 32-bit number");
    case OptionType::Bool: return QStringLiteral("on or off");
    case OptionType::String: return QStringLiteral("text");
    case OptionType::Bytes: return QStringLiteral("hex bytes");
    case OptionType::U8List: return QStringLiteral("numbers 0 to 255, comma-separated");
    case OptionType::U16List: return QStringLiteral("numbers 0 to 65535, comma-separated");
    case OptionType::MessageType: return QStringLiteral("DHCP message type");
    case OptionType::ClientIdentifier: return QStringLiteral("hex bytes, type byte first");
    case OptionType::RelayAgentInfo: return QStringLiteral("relay sub-options");
    case OptionType::ClasslessRoutes: return QStringLiteral("routes, comma-separated");
    case OptionType::DomainList: return QStringLiteral("domain names, comma-separated");
    case OptionType::ClientFqdn: return QStringLiteral("client FQDN");
    case OptionType::UserClass: return QStringLiteral("class names, comma-separated");
    case OptionType::ClientNdi: return QStringLiteral("network interface identifier");
    case OptionType::ClientUuid: return QStringLiteral("machine UUID");
    }
    return QStringLiteral("hex bytes");
}

QString optionExample(OptionType type)
{
    switch (type) {
    case OptionType::Ip: return QStringLiteral("198.18.0.1");
    case OptionType::IpList: return QStringLiteral("198.18.0.1, 198.18.0.2");
    case OptionType::IpPairs: return QStringLiteral("198.18.5.0 198.18.0.1, …");
    case OptionType::U32: return QStringLiteral("600");
    case OptionType::String: return QStringLiteral("text; \\\\ and \\xNN escapes");
    case OptionType::Bytes:
    case OptionType::ClientIdentifier: return QStringLiteral("01:02:0a");
    case OptionType::U8List:
    case OptionType::U16List: return QStringLiteral("1, 3, 6");
    case OptionType::MessageType: return QStringLiteral("OFFER (2)");
    case OptionType::RelayAgentInfo: return QStringLiteral("Circuit ID (1)=65:74:68:30");
    case OptionType::ClasslessRoutes: return QStringLiteral("198.18.5.0/24 via 198.18.0.1");
    case OptionType::DomainList: return QStringLiteral("lab.test, example.org");
    case OptionType::ClientFqdn: return QStringLiteral("flags=0x01 rcode1=0 rcode2=0 name=host");
    case OptionType::UserClass: return QStringLiteral("class-a, class-b");
    case OptionType::ClientNdi: return QStringLiteral("type=1 version=3.10");
    case OptionType::ClientUuid: return QStringLiteral("type=0 uuid=XXXXXXXX-XXXX-…");
    default: return {};
    }
}

} // namespace leasedesk
