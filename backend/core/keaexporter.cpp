#include "core/keaexporter.h"
#include "core/packetio.h"

#include "proto/optiondefinition.h"
#include "proto/optiontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace leasedesk {

namespace {

// Ranges minus exclusions, as Kea pools "a - b".
QList<AddressRange> poolsOf(const Scope &s)
{
    QList<AddressRange> pools = s.ranges;
    for (const AddressRange &x : s.exclusions) {
        QList<AddressRange> next;
        for (const AddressRange &p : pools) {
            if (!p.overlaps(x)) {
                next.append(p);
                continue;
            }
            if (p.start < x.start)
                next.append({p.start, Ipv4Address(x.start.toUint32() - 1)});
            if (x.end < p.end)
                next.append({Ipv4Address(x.end.toUint32() + 1), p.end});
        }
        pools = next;
    }
    return pools;
}

// Options as Kea option-data. The three with fields of their own use Kea's names; the rest
// travel as hex (csv-format false), which Kea accepts for any code and which needs no
// knowledge of Kea's text formats.
QJsonArray optionData(const Scope *scope, const QList<OptionSetting> &options)
{
    QJsonArray out;
    if (scope) {
        if (!scope->router.isZero())
            out.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("routers")},
                                   {QStringLiteral("data"), addressText(scope->router)}});
        if (!scope->dns.isEmpty()) {
            QStringList dns;
            for (Ipv4Address a : scope->dns)
                dns.append(addressText(a));
            out.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("domain-name-servers")},
                                   {QStringLiteral("data"), dns.join(QStringLiteral(", "))}});
        }
        if (!scope->domain.isEmpty())
            out.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("domain-name")},
                                   {QStringLiteral("data"), scope->domain}});
    }
    for (const OptionSetting &o : options) {
        const auto encoded = proto::encodeOptionText(proto::optionDefinitionOrGeneric(o.code),
                                                     o.value.toStdString());
        if (!encoded)
            continue; // the validator refuses such a configuration before any export
        out.append(QJsonObject{
            {QStringLiteral("code"), int(o.code)},
            {QStringLiteral("space"), QStringLiteral("dhcp4")},
            {QStringLiteral("csv-format"), false},
            {QStringLiteral("data"),
             QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(encoded.bytes.data()),
                                            qsizetype(encoded.bytes.size()))
                                     .toHex()
                                     .toUpper())}});
    }
    return out;
}

// A MAC pattern as a Kea expression on pkt4.mac, when one exists: an exact MAC, or whole
// leading octets followed by '*'. Nibble wildcards have none.
std::optional<QString> macExpression(const QString &pattern)
{
    QStringList groups = pattern.trimmed().toLower().split(QLatin1Char(':'));
    const bool open = groups.last() == QLatin1String("*");
    if (open)
        groups.removeLast();
    for (const QString &g : groups)
        if (g.contains(QLatin1Char('?')) || g == QLatin1String("*"))
            return std::nullopt;
    const QString hex = QStringLiteral("0x") + groups.join(QString());
    if (!open)
        return QStringLiteral("pkt4.mac == %1").arg(hex);
    if (groups.isEmpty())
        return QStringLiteral("true");
    return QStringLiteral("substring(pkt4.mac,0,%1) == %2").arg(groups.size()).arg(hex);
}

std::optional<QString> anyOf(const QStringList &patterns, const QString &scopeName,
                             const char *list, QStringList &notes)
{
    QStringList terms;
    for (const QString &p : patterns) {
        if (auto e = macExpression(p))
            terms.append(QLatin1Char('(') + *e + QLatin1Char(')'));
        else
            notes.append(QStringLiteral("scope %1: the %2 pattern %3 uses ? wildcards, which a Kea "
                                        "expression cannot match; it is left out")
                             .arg(scopeName, QLatin1String(list), p));
    }
    if (terms.isEmpty())
        return std::nullopt;
    return terms.join(QStringLiteral(" or "));
}

struct Exporter
{
    QStringList notes;
    QJsonArray classes;
    bool sharedIps = false;
    bool archClassesWritten = false;

    void bootClasses(const Scope &s)
    {
        const BootFiles &b = s.bootFiles;
        if (b.bios.isEmpty() && b.uefiX64.isEmpty() && b.arm64.isEmpty())
            return;
        if (archClassesWritten) {
            notes.append(
                QStringLiteral("scope %1: Kea chooses boot files by architecture for the "
                               "whole server, not per subnet; the first scope's choice is kept")
                    .arg(s.name));
            return;
        }
        archClassesWritten = true;
        const QList<std::pair<const QString *, const char *>> arch = {
            {&b.bios, "option[93].hex == 0x0000"},
            {&b.uefiX64, "option[93].hex == 0x0007 or option[93].hex == 0x0009"},
            {&b.arm64, "option[93].hex == 0x000b"}};
        const char *names[] = {"leasedesk-bios", "leasedesk-uefi-x64", "leasedesk-arm64"};
        for (int i = 0; i < 3; ++i) {
            if (arch[i].first->isEmpty())
                continue;
            classes.append(QJsonObject{{QStringLiteral("name"), QLatin1String(names[i])},
                                       {QStringLiteral("test"), QLatin1String(arch[i].second)},
                                       {QStringLiteral("boot-file-name"), *arch[i].first}});
        }
    }

    void macClasses(const Scope &s, int id, QJsonObject &subnet)
    {
        if (auto deny = anyOf(s.macDeny, s.name, "mac_deny", notes)) {
            // Kea's built-in DROP class discards matching packets before any subnet is chosen.
            classes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("DROP")},
                                       {QStringLiteral("test"), *deny}});
            notes.append(
                QStringLiteral("scope %1: mac_deny becomes Kea's DROP class, which applies "
                               "to every subnet")
                    .arg(s.name));
        }
        if (auto allow = anyOf(s.macAllow, s.name, "mac_allow", notes)) {
            const QString name = QStringLiteral("leasedesk-allow-%1").arg(id);
            classes.append(
                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("test"), *allow}});
            subnet.insert(QStringLiteral("client-class"), name);
        }
    }

    QJsonArray reservations(const Scope &s)
    {
        QJsonArray out;
        for (const Reservation &r : s.reservations) {
            if (!r.enabled) {
                notes.append(QStringLiteral("scope %1: the disabled reservation for %2 is left out")
                                 .arg(s.name, addressText(r.ip)));
                continue;
            }
            QJsonObject common{{QStringLiteral("ip-address"), addressText(r.ip)}};
            if (!r.hostname.isEmpty())
                common.insert(QStringLiteral("hostname"), r.hostname);
            if (!r.options.isEmpty())
                common.insert(QStringLiteral("option-data"), optionData(nullptr, r.options));
            if (!r.nextServer.isZero())
                common.insert(QStringLiteral("next-server"), addressText(r.nextServer));
            if (!r.bootFiles.fallback.isEmpty())
                common.insert(QStringLiteral("boot-file-name"), r.bootFiles.fallback);
            if (!r.bootFiles.bios.isEmpty() || !r.bootFiles.uefiX64.isEmpty()
                || !r.bootFiles.arm64.isEmpty())
                notes.append(
                    QStringLiteral("scope %1: the reservation for %2 chooses boot files by "
                                   "architecture, which Kea reservations cannot; only its "
                                   "default boot file is kept")
                        .arg(s.name, addressText(r.ip)));
            // A Kea reservation has one identifier; several make several reservations of the
            // same address, which needs ip-reservations-unique off.
            QList<std::pair<QString, QString>> ids;
            if (!r.clientId.isEmpty())
                ids.append(
                    {QStringLiteral("client-id"), QString::fromLatin1(r.clientId.toHex(':'))});
            for (const QByteArray &mac : r.macs)
                ids.append({QStringLiteral("hw-address"), formatMac(mac)});
            sharedIps = sharedIps || ids.size() > 1;
            for (const auto &[key, value] : ids) {
                QJsonObject res = common;
                res.insert(key, value);
                out.append(res);
            }
        }
        return out;
    }

    QJsonObject subnet(const Scope &s, int id)
    {
        QJsonArray pools;
        for (const AddressRange &p : poolsOf(s))
            pools.append(
                QJsonObject{{QStringLiteral("pool"),
                             addressText(p.start) + QStringLiteral(" - ") + addressText(p.end)}});
        QJsonObject subnet{
            {QStringLiteral("id"), id},
            {QStringLiteral("subnet"),
             addressText(s.network) + QLatin1Char('/') + QString::number(s.prefixLength)},
            {QStringLiteral("pools"), pools},
            {QStringLiteral("valid-lifetime"), qint64(s.leaseTime)},
            {QStringLiteral("renew-timer"), qint64(s.effectiveRenewalTime())},
            {QStringLiteral("rebind-timer"), qint64(s.effectiveRebindingTime())},
            {QStringLiteral("user-context"),
             QJsonObject{{QStringLiteral("leasedesk-scope"), s.name}}},
        };
        const QJsonArray options = optionData(&s, s.options);
        if (!options.isEmpty())
            subnet.insert(QStringLiteral("option-data"), options);
        if (!s.nextServer.isZero())
            subnet.insert(QStringLiteral("next-server"), addressText(s.nextServer));
        if (!s.bootFiles.fallback.isEmpty())
            subnet.insert(QStringLiteral("boot-file-name"), s.bootFiles.fallback);
        const QJsonArray res = reservations(s);
        if (!res.isEmpty())
            subnet.insert(QStringLiteral("reservations"), res);
        bootClasses(s);
        macClasses(s, id, subnet);
        if (s.offerDelayMs)
            notes.append(QStringLiteral(
                             "scope %1: offer_delay_ms has no kea-dhcp4 equivalent and is left out")
                             .arg(s.name));
        return subnet;
    }
};

} // namespace

KeaExportResult KeaExporter::exportConfiguration(const Configuration &config)
{
    Exporter e;
    QJsonArray subnets;
    int id = 0;
    for (const Scope &s : config.scopes) {
        ++id; // ids follow the scope's position, so they stay stable across exports
        if (!s.enabled) {
            e.notes.append(QStringLiteral("scope %1 is disabled and left out").arg(s.name));
            continue;
        }
        subnets.append(e.subnet(s, id));
    }
    if (config.server.conflictDetection.enabled && config.server.conflictDetection.attempts > 0)
        e.notes.append(QStringLiteral("conflict detection (ping before offer) has no kea-dhcp4 2.2 "
                                      "equivalent and is left out"));
    QJsonObject dhcp4{
        {QStringLiteral("interfaces-config"),
         QJsonObject{{QStringLiteral("interfaces"), QJsonArray{QStringLiteral("*")}}}},
        {QStringLiteral("lease-database"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("memfile")},
                     {QStringLiteral("lfc-interval"), 3600}}},
        {QStringLiteral("authoritative"), config.server.authoritative},
        {QStringLiteral("decline-probation-period"), qint64(config.server.declineQuarantineS)},
        {QStringLiteral("subnet4"), subnets},
    };
    if (e.sharedIps)
        dhcp4.insert(QStringLiteral("ip-reservations-unique"), false);
    if (!e.classes.isEmpty())
        dhcp4.insert(QStringLiteral("client-classes"), e.classes);
    KeaExportResult result;
    result.json = QJsonDocument(QJsonObject{{QStringLiteral("Dhcp4"), dhcp4}})
                      .toJson(QJsonDocument::Indented);
    result.notes = e.notes;
    return result;
}

} // namespace leasedesk
