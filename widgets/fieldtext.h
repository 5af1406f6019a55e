#pragma once

#include "core/configuration.h"

#include <QString>
#include <QStringList>

#include <optional>

// How the configuration editors turn typed text into values and back. Every parser returns
// false and a sentence that quotes the text when it cannot read it, so the field can say why
// and keep what was typed; nothing half-read is ever committed.
namespace leasedesk::fieldtext {

QString address(Ipv4Address a); // "" for 0.0.0.0, which means "none" in the configuration
QString addressList(const QList<Ipv4Address> &list); // "198.18.0.1, 198.18.0.2"
QString subnet(const Scope &scope); // "198.18.0.0/24"
QString list(const QStringList &items); // "a, b"

// An address, or 0.0.0.0 for an empty text when `optional`.
bool parseAddress(const QString &text, bool optional, Ipv4Address *out, QString *why);
bool parseAddressList(const QString &text, QList<Ipv4Address> *out, QString *why);
bool parseSubnet(const QString &text, Ipv4Address *network, int *prefix, QString *why);
// Seconds, or nullopt for an empty text (the default applies).
bool parseOptionalSeconds(const QString &text, std::optional<quint32> *out, QString *why);
// Items separated by commas or white space, each checked by MacPattern::isValid.
bool parseMacPatterns(const QString &text, QStringList *out, QString *why);
// IPv4 or MAC addresses, as the rogue detection's allowed list takes them.
bool parseAddressOrMacList(const QString &text, QStringList *out, QString *why);

} // namespace leasedesk::fieldtext
