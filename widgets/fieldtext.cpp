#include "widgets/fieldtext.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace leasedesk::fieldtext {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("leasedesk::fieldtext", text);
}

QStringList items(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

std::optional<Ipv4Address> readAddress(const QString &text)
{
    return Ipv4Address::fromString(text.trimmed().toStdString());
}

} // namespace

QString address(Ipv4Address a)
{
    return a.isZero() ? QString() : QString::fromStdString(a.toString());
}

QString addressList(const QList<Ipv4Address> &list)
{
    QStringList out;
    for (Ipv4Address a : list)
        out.append(QString::fromStdString(a.toString()));
    return out.join(QStringLiteral(", "));
}

QString subnet(const Scope &scope)
{
    return QString::fromStdString(scope.network.toString()) + u'/'
        + QString::number(scope.prefixLength);
}

QString list(const QStringList &entries)
{
    return entries.join(QStringLiteral(", "));
}

bool parseAddress(const QString &text, bool optional, Ipv4Address *out, QString *why)
{
    if (text.trimmed().isEmpty()) {
        if (optional) {
            *out = Ipv4Address();
            return true;
        }
        *why = tr("Enter an address such as 198.18.0.1.");
        return false;
    }
    const auto a = readAddress(text);
    if (!a) {
        *why = tr("\"%1\" is not an IPv4 address such as 198.18.0.1.").arg(text.trimmed());
        return false;
    }
    *out = *a;
    return true;
}

bool parseAddressList(const QString &text, QList<Ipv4Address> *out, QString *why)
{
    QList<Ipv4Address> result;
    for (const QString &item : items(text)) {
        const auto a = readAddress(item);
        if (!a) {
            *why = tr("\"%1\" is not an IPv4 address such as 198.18.0.1; separate addresses "
                      "with commas.")
                       .arg(item);
            return false;
        }
        result.append(*a);
    }
    *out = result;
    return true;
}

bool parseSubnet(const QString &text, Ipv4Address *network, int *prefix, QString *why)
{
    const QStringList parts = text.trimmed().split(u'/');
    bool prefixOk = false;
    const int length = parts.size() == 2 ? parts[1].trimmed().toInt(&prefixOk) : -1;
    const auto net = parts.size() == 2 ? readAddress(parts[0]) : std::nullopt;
    if (!net || !prefixOk || length < 0 || length > 32) {
        *why = tr("\"%1\" is not a subnet such as 198.18.0.0/24.").arg(text.trimmed());
        return false;
    }
    *network = *net;
    *prefix = length;
    return true;
}

bool parseOptionalSeconds(const QString &text, std::optional<quint32> *out, QString *why)
{
    QString t = text.trimmed();
    if (t.endsWith(u's'))
        t.chop(1);
    t = t.trimmed();
    if (t.isEmpty()) {
        *out = std::nullopt;
        return true;
    }
    bool ok = false;
    const quint32 value = t.toUInt(&ok);
    if (!ok) {
        *why = tr("\"%1\" is not a number of seconds; leave it empty for the default.")
                   .arg(text.trimmed());
        return false;
    }
    *out = value;
    return true;
}

bool parseMacPatterns(const QString &text, QStringList *out, QString *why)
{
    QStringList result;
    for (const QString &item : items(text)) {
        if (!MacPattern::isValid(item, why))
            return false;
        result.append(item);
    }
    *out = result;
    return true;
}

bool parseAddressOrMacList(const QString &text, QStringList *out, QString *why)
{
    QStringList result;
    for (const QString &item : items(text)) {
        if (!readAddress(item) && !parseMac(item)) {
            *why = tr("\"%1\" is neither an IPv4 address nor a MAC address.").arg(item);
            return false;
        }
        result.append(item);
    }
    *out = result;
    return true;
}

} // namespace leasedesk::fieldtext
