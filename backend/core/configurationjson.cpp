#include "core/configurationjson.h"
#include "core/packetio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace leasedesk {

namespace {

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("true/false");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("text");
    case QJsonValue::Array: return QStringLiteral("a list");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

// Reads one JSON tree, collecting every error with its path instead of stopping at the
// first, so one run of the importer shows everything to fix.
class Reader
{
public:
    QStringList errors;

    void fail(const QString &path, const QString &what)
    {
        errors.append(path + QStringLiteral(": ") + what);
    }

    void checkKeys(const QJsonObject &o, const QString &path,
                   std::initializer_list<const char *> allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char *k) {
                return it.key() == QLatin1String(k);
            });
            if (!known)
                fail(join(path, it.key()), QStringLiteral("unknown key"));
        }
    }

    static QString join(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    std::optional<QJsonObject> object(const QJsonValue &v, const QString &path)
    {
        if (v.isObject())
            return v.toObject();
        fail(path, QStringLiteral("expected an object, found %1").arg(typeName(v)));
        return std::nullopt;
    }

    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray()) {
            fail(join(path, key), QStringLiteral("expected a list, found %1").arg(typeName(v)));
            return {};
        }
        return v.toArray();
    }

    std::optional<QString> string(const QJsonObject &o, const QString &key, const QString &path,
                                  bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), QStringLiteral("missing"));
            return std::nullopt;
        }
        if (!v.isString()) {
            fail(join(path, key), QStringLiteral("expected text, found %1").arg(typeName(v)));
            return std::nullopt;
        }
        return v.toString();
    }

    std::optional<Ipv4Address> address(const QJsonValue &v, const QString &path)
    {
        if (!v.isString()) {
            fail(path,
                 QStringLiteral("expected an IPv4 address as text, found %1").arg(typeName(v)));
            return std::nullopt;
        }
        auto a = Ipv4Address::fromString(v.toString().trimmed().toStdString());
        if (!a)
            fail(path, QStringLiteral("\"%1\" is not an IPv4 address").arg(v.toString()));
        return a;
    }

    std::optional<Ipv4Address> address(const QJsonObject &o, const QString &key,
                                       const QString &path, bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                fail(join(path, key), QStringLiteral("missing"));
            return std::nullopt;
        }
        return address(v, join(path, key));
    }

    std::optional<qint64> integer(const QJsonObject &o, const QString &key, const QString &path,
                                  qint64 min, qint64 max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return std::nullopt;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::floor(d) != d) {
            fail(join(path, key),
                 QStringLiteral("expected a whole number, found %1")
                     .arg(v.isDouble() ? QString::number(d) : typeName(v)));
            return std::nullopt;
        }
        if (d < double(min) || d > double(max)) {
            fail(join(path, key),
                 QStringLiteral("%1 is out of range (%2 to %3)").arg(d).arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(d);
    }

    std::optional<bool> boolean(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            fail(join(path, key),
                 QStringLiteral("expected true or false, found %1").arg(typeName(v)));
            return std::nullopt;
        }
        return v.toBool();
    }

    QList<AddressRange> ranges(const QJsonObject &o, const QString &key, const QString &path)
    {
        QList<AddressRange> out;
        const QJsonArray list = array(o, key, path);
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString p = join(path, key) + QStringLiteral("[%1]").arg(i);
            auto r = object(list[i], p);
            if (!r)
                continue;
            checkKeys(*r, p, {"start", "end"});
            auto start = address(*r, QStringLiteral("start"), p, true);
            auto end = address(*r, QStringLiteral("end"), p, true);
            if (start && end)
                out.append({*start, *end});
        }
        return out;
    }

    QList<OptionSetting> options(const QJsonObject &o, const QString &path)
    {
        QList<OptionSetting> out;
        const QJsonArray list = array(o, QStringLiteral("options"), path);
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString p = join(path, QStringLiteral("options[%1]").arg(i));
            auto opt = object(list[i], p);
            if (!opt)
                continue;
            checkKeys(*opt, p, {"code", "value"});
            auto code = integer(*opt, QStringLiteral("code"), p, 1, 254);
            if (!opt->contains(QStringLiteral("code")))
                fail(join(p, QStringLiteral("code")), QStringLiteral("missing"));
            const QJsonValue v = opt->value(QStringLiteral("value"));
            QString value;
            if (v.isString())
                value = v.toString();
            else if (v.isDouble())
                value = QString::number(v.toDouble(), 'g', 17);
            else if (v.isBool())
                value = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            else if (!v.isUndefined())
                fail(join(p, QStringLiteral("value")),
                     QStringLiteral("expected text, a number or true/false, found %1")
                         .arg(typeName(v)));
            if (code)
                out.append({quint8(*code), value});
        }
        return out;
    }

    BootFiles bootFiles(const QJsonObject &o, const QString &path)
    {
        BootFiles b;
        const QJsonValue v = o.value(QStringLiteral("boot_file"));
        const QString p = join(path, QStringLiteral("boot_file"));
        if (v.isUndefined())
            return b;
        if (v.isString()) { // one file for every architecture
            b.fallback = v.toString();
            return b;
        }
        auto obj = object(v, p);
        if (!obj)
            return b;
        checkKeys(*obj, p, {"default", "bios", "uefi_x64", "arm64"});
        b.fallback = string(*obj, QStringLiteral("default"), p).value_or(QString());
        b.bios = string(*obj, QStringLiteral("bios"), p).value_or(QString());
        b.uefiX64 = string(*obj, QStringLiteral("uefi_x64"), p).value_or(QString());
        b.arm64 = string(*obj, QStringLiteral("arm64"), p).value_or(QString());
        return b;
    }

    QByteArray clientId(const QJsonObject &o, const QString &path)
    {
        auto text = string(o, QStringLiteral("client_id"), path);
        if (!text)
            return {};
        static const QRegularExpression form(QStringLiteral("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$"));
        if (!form.match(text->trimmed()).hasMatch()) {
            fail(join(path, QStringLiteral("client_id")),
                 QStringLiteral("\"%1\" is not a client-id: colon-separated hex bytes, type byte "
                                "first, at least two bytes (01:02:00:00:00:00:09)")
                     .arg(*text));
            return {};
        }
        return QByteArray::fromHex(text->trimmed().remove(QLatin1Char(':')).toLatin1());
    }

    QList<QByteArray> macs(const QJsonObject &o, const QString &path)
    {
        QList<QByteArray> out;
        auto one = [&](const QJsonValue &v, const QString &p) {
            auto mac = v.isString() ? parseMac(v.toString()) : std::nullopt;
            if (mac)
                out.append(*mac);
            else
                fail(p,
                     QStringLiteral("%1 is not a MAC address (02:00:00:00:00:01)")
                         .arg(v.isString() ? QLatin1Char('"') + v.toString() + QLatin1Char('"')
                                           : typeName(v)));
        };
        if (o.contains(QStringLiteral("mac")))
            one(o.value(QStringLiteral("mac")), join(path, QStringLiteral("mac")));
        const QJsonArray list = array(o, QStringLiteral("macs"), path);
        for (qsizetype i = 0; i < list.size(); ++i)
            one(list[i], join(path, QStringLiteral("macs[%1]").arg(i)));
        return out;
    }

    QStringList strings(const QJsonObject &o, const QString &key, const QString &path)
    {
        QStringList out;
        const QJsonArray list = array(o, key, path);
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list[i].isString())
                out.append(list[i].toString());
            else
                fail(join(path, key) + QStringLiteral("[%1]").arg(i),
                     QStringLiteral("expected text, found %1").arg(typeName(list[i])));
        }
        return out;
    }

    Reservation reservation(const QJsonObject &o, const QString &p)
    {
        checkKeys(o, p,
                  {"mac", "macs", "client_id", "ip", "hostname", "description", "options",
                   "next_server", "boot_file", "enabled"});
        Reservation r;
        r.macs = macs(o, p);
        r.clientId = clientId(o, p);
        r.ip = address(o, QStringLiteral("ip"), p, true).value_or(Ipv4Address());
        r.hostname = string(o, QStringLiteral("hostname"), p).value_or(QString());
        r.description = string(o, QStringLiteral("description"), p).value_or(QString());
        r.options = options(o, p);
        r.nextServer = address(o, QStringLiteral("next_server"), p).value_or(Ipv4Address());
        r.bootFiles = bootFiles(o, p);
        r.enabled = boolean(o, QStringLiteral("enabled"), p).value_or(true);
        return r;
    }

    std::optional<DeviceLabel> label(const QJsonObject &o, const QString &p)
    {
        checkKeys(o, p, {"mac", "name"});
        const QString macPath = join(p, QStringLiteral("mac"));
        const auto text = string(o, QStringLiteral("mac"), p, true);
        const auto mac = text ? parseMac(*text) : std::nullopt;
        if (text && !mac)
            fail(macPath,
                 QStringLiteral("\"%1\" is not a MAC address (02:00:00:00:00:01)").arg(*text));
        const auto name = string(o, QStringLiteral("name"), p, true);
        if (!mac || !name)
            return std::nullopt;
        return DeviceLabel{*mac, *name};
    }

    QList<DeviceLabel> labels(const QJsonObject &root)
    {
        QList<DeviceLabel> out;
        const QJsonArray list = array(root, QStringLiteral("labels"), QString());
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString p = QStringLiteral("labels[%1]").arg(i);
            if (auto o = object(list[i], p))
                if (auto l = label(*o, p))
                    out.append(*l);
        }
        return out;
    }

    void subnet(const QJsonObject &o, const QString &p, Scope &s)
    {
        auto text = string(o, QStringLiteral("subnet"), p, true);
        if (!text)
            return;
        const QStringList parts = text->trimmed().split(QLatin1Char('/'));
        bool prefixOk = false;
        const int prefix = parts.size() == 2 ? parts[1].toInt(&prefixOk) : -1;
        auto net = Ipv4Address::fromString(parts[0].toStdString());
        if (!net || !prefixOk || prefix < 0 || prefix > 32) {
            fail(join(p, QStringLiteral("subnet")),
                 QStringLiteral("\"%1\" is not a subnet such as 198.18.0.0/16").arg(*text));
            return;
        }
        s.network = *net;
        s.prefixLength = prefix;
    }

    Scope scope(const QJsonObject &o, const QString &p)
    {
        checkKeys(o, p, {"name",        "subnet",       "ranges",          "exclusions",
                         "lease_time",  "renewal_time", "rebinding_time",  "router",
                         "dns",         "domain",       "options",         "reservations",
                         "next_server", "boot_file",    "offer_delay_ms",  "mac_allow",
                         "mac_deny",    "enabled",      "warning_percent", "critical_percent"});
        Scope s;
        s.name = string(o, QStringLiteral("name"), p, true).value_or(QString());
        subnet(o, p, s);
        s.ranges = ranges(o, QStringLiteral("ranges"), p);
        s.exclusions = ranges(o, QStringLiteral("exclusions"), p);
        constexpr qint64 u32max = 0xffffffffLL;
        s.leaseTime =
            quint32(integer(o, QStringLiteral("lease_time"), p, 0, u32max).value_or(3600));
        if (auto t1 = integer(o, QStringLiteral("renewal_time"), p, 0, u32max))
            s.renewalTime = quint32(*t1);
        if (auto t2 = integer(o, QStringLiteral("rebinding_time"), p, 0, u32max))
            s.rebindingTime = quint32(*t2);
        s.router = address(o, QStringLiteral("router"), p).value_or(Ipv4Address());
        const QJsonArray dns = array(o, QStringLiteral("dns"), p);
        for (qsizetype i = 0; i < dns.size(); ++i)
            if (auto a = address(dns[i], join(p, QStringLiteral("dns[%1]").arg(i))))
                s.dns.append(*a);
        s.domain = string(o, QStringLiteral("domain"), p).value_or(QString());
        s.options = options(o, p);
        s.nextServer = address(o, QStringLiteral("next_server"), p).value_or(Ipv4Address());
        s.bootFiles = bootFiles(o, p);
        s.offerDelayMs =
            quint32(integer(o, QStringLiteral("offer_delay_ms"), p, 0, u32max).value_or(0));
        s.macAllow = strings(o, QStringLiteral("mac_allow"), p);
        s.macDeny = strings(o, QStringLiteral("mac_deny"), p);
        s.enabled = boolean(o, QStringLiteral("enabled"), p).value_or(true);
        if (auto w = integer(o, QStringLiteral("warning_percent"), p, 1, 100))
            s.warningPercent = int(*w);
        if (auto c = integer(o, QStringLiteral("critical_percent"), p, 1, 100))
            s.criticalPercent = int(*c);
        const QJsonArray list = array(o, QStringLiteral("reservations"), p);
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString rp = join(p, QStringLiteral("reservations[%1]").arg(i));
            if (auto r = object(list[i], rp))
                s.reservations.append(reservation(*r, rp));
        }
        return s;
    }

    RogueDetection rogueDetection(const QJsonObject &server, const QString &p)
    {
        RogueDetection r;
        const QJsonValue v = server.value(QStringLiteral("rogue_detection"));
        if (v.isUndefined())
            return r;
        const QString rp = join(p, QStringLiteral("rogue_detection"));
        auto o = object(v, rp);
        if (!o)
            return r;
        checkKeys(*o, rp, {"enabled", "interval_s", "listen_s", "allowed"});
        r.enabled = boolean(*o, QStringLiteral("enabled"), rp).value_or(r.enabled);
        r.intervalS = quint32(
            integer(*o, QStringLiteral("interval_s"), rp, 0, 0xffffffffLL).value_or(r.intervalS));
        r.listenS = quint32(integer(*o, QStringLiteral("listen_s"), rp, 1, 60).value_or(r.listenS));
        r.allowed = strings(*o, QStringLiteral("allowed"), rp);
        return r;
    }

    StatisticsSettings statistics(const QJsonObject &server, const QString &p)
    {
        StatisticsSettings st;
        const QJsonValue v = server.value(QStringLiteral("statistics"));
        if (v.isUndefined())
            return st;
        const QString sp = join(p, QStringLiteral("statistics"));
        auto o = object(v, sp);
        if (!o)
            return st;
        checkKeys(*o, sp,
                  {"interval_s", "warning_percent", "critical_percent", "decline_storm_count",
                   "decline_storm_window_s"});
        st.intervalS =
            quint32(integer(*o, QStringLiteral("interval_s"), sp, 1, 3600).value_or(st.intervalS));
        st.warningPercent = int(
            integer(*o, QStringLiteral("warning_percent"), sp, 1, 100).value_or(st.warningPercent));
        st.criticalPercent = int(integer(*o, QStringLiteral("critical_percent"), sp, 1, 100)
                                     .value_or(st.criticalPercent));
        st.declineStormCount = int(integer(*o, QStringLiteral("decline_storm_count"), sp, 0, 100000)
                                       .value_or(st.declineStormCount));
        st.declineStormWindowS =
            quint32(integer(*o, QStringLiteral("decline_storm_window_s"), sp, 1, 86400)
                        .value_or(st.declineStormWindowS));
        return st;
    }

    ServerSettings server(const QJsonObject &o)
    {
        const QString p = QStringLiteral("server");
        checkKeys(o, p,
                  {"authoritative", "conflict_detection", "rogue_detection", "decline_quarantine_s",
                   "offer_hold_s", "statistics"});
        ServerSettings s;
        s.authoritative = boolean(o, QStringLiteral("authoritative"), p).value_or(false);
        s.declineQuarantineS =
            quint32(integer(o, QStringLiteral("decline_quarantine_s"), p, 0, 0xffffffffLL)
                        .value_or(s.declineQuarantineS));
        s.offerHoldS = quint32(
            integer(o, QStringLiteral("offer_hold_s"), p, 0, 0xffffffffLL).value_or(s.offerHoldS));
        s.rogueDetection = rogueDetection(o, p);
        s.statistics = statistics(o, p);
        const QJsonValue cdv = o.value(QStringLiteral("conflict_detection"));
        if (cdv.isUndefined())
            return s;
        const QString cp = join(p, QStringLiteral("conflict_detection"));
        auto cd = object(cdv, cp);
        if (!cd)
            return s;
        checkKeys(*cd, cp, {"enabled", "method", "attempts", "timeout_ms"});
        ConflictDetection &c = s.conflictDetection;
        c.enabled = boolean(*cd, QStringLiteral("enabled"), cp).value_or(c.enabled);
        c.attempts = int(integer(*cd, QStringLiteral("attempts"), cp, 0, 5).value_or(c.attempts));
        c.timeoutMs =
            int(integer(*cd, QStringLiteral("timeout_ms"), cp, 1, 10000).value_or(c.timeoutMs));
        if (auto m = string(*cd, QStringLiteral("method"), cp)) {
            if (*m == QLatin1String("icmp"))
                c.method = ProbeMethod::Icmp;
            else if (*m == QLatin1String("arp"))
                c.method = ProbeMethod::Arp;
            else if (*m == QLatin1String("both"))
                c.method = ProbeMethod::Both;
            else
                fail(join(cp, QStringLiteral("method")),
                     QStringLiteral("\"%1\" is not a method: use icmp, arp or both").arg(*m));
        }
        return s;
    }
};

QString lineAndColumn(const QByteArray &json, int offset)
{
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

QJsonArray rangesJson(const QList<AddressRange> &ranges)
{
    QJsonArray out;
    for (const AddressRange &r : ranges)
        out.append(QJsonObject{{QStringLiteral("start"), addressText(r.start)},
                               {QStringLiteral("end"), addressText(r.end)}});
    return out;
}

QJsonArray optionsJson(const QList<OptionSetting> &options)
{
    QJsonArray out;
    for (const OptionSetting &o : options)
        out.append(
            QJsonObject{{QStringLiteral("code"), int(o.code)}, {QStringLiteral("value"), o.value}});
    return out;
}

void putBootFiles(QJsonObject &o, const BootFiles &b)
{
    if (b.isEmpty())
        return;
    if (b.bios.isEmpty() && b.uefiX64.isEmpty() && b.arm64.isEmpty()) {
        o.insert(QStringLiteral("boot_file"), b.fallback);
        return;
    }
    QJsonObject files;
    for (auto [value, key] : {std::pair{&b.fallback, "default"}, std::pair{&b.bios, "bios"},
                              std::pair{&b.uefiX64, "uefi_x64"}, std::pair{&b.arm64, "arm64"}})
        if (!value->isEmpty())
            files.insert(QLatin1String(key), *value);
    o.insert(QStringLiteral("boot_file"), files);
}

QJsonObject reservationJson(const Reservation &r)
{
    QJsonObject o;
    if (r.macs.size() == 1)
        o.insert(QStringLiteral("mac"), formatMac(r.macs.front()));
    else if (!r.macs.isEmpty()) {
        QJsonArray macs;
        for (const QByteArray &m : r.macs)
            macs.append(formatMac(m));
        o.insert(QStringLiteral("macs"), macs);
    }
    if (!r.clientId.isEmpty())
        o.insert(QStringLiteral("client_id"), QString::fromLatin1(r.clientId.toHex(':')));
    o.insert(QStringLiteral("ip"), addressText(r.ip));
    if (!r.hostname.isEmpty())
        o.insert(QStringLiteral("hostname"), r.hostname);
    if (!r.description.isEmpty())
        o.insert(QStringLiteral("description"), r.description);
    if (!r.options.isEmpty())
        o.insert(QStringLiteral("options"), optionsJson(r.options));
    if (!r.nextServer.isZero())
        o.insert(QStringLiteral("next_server"), addressText(r.nextServer));
    putBootFiles(o, r.bootFiles);
    if (!r.enabled)
        o.insert(QStringLiteral("enabled"), false);
    return o;
}

QJsonObject scopeJson(const Scope &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), s.name);
    o.insert(QStringLiteral("subnet"),
             addressText(s.network) + QLatin1Char('/') + QString::number(s.prefixLength));
    o.insert(QStringLiteral("ranges"), rangesJson(s.ranges));
    if (!s.exclusions.isEmpty())
        o.insert(QStringLiteral("exclusions"), rangesJson(s.exclusions));
    o.insert(QStringLiteral("lease_time"), qint64(s.leaseTime));
    if (s.renewalTime)
        o.insert(QStringLiteral("renewal_time"), qint64(*s.renewalTime));
    if (s.rebindingTime)
        o.insert(QStringLiteral("rebinding_time"), qint64(*s.rebindingTime));
    if (!s.router.isZero())
        o.insert(QStringLiteral("router"), addressText(s.router));
    if (!s.dns.isEmpty()) {
        QJsonArray dns;
        for (Ipv4Address a : s.dns)
            dns.append(addressText(a));
        o.insert(QStringLiteral("dns"), dns);
    }
    if (!s.domain.isEmpty())
        o.insert(QStringLiteral("domain"), s.domain);
    if (!s.options.isEmpty())
        o.insert(QStringLiteral("options"), optionsJson(s.options));
    if (!s.nextServer.isZero())
        o.insert(QStringLiteral("next_server"), addressText(s.nextServer));
    putBootFiles(o, s.bootFiles);
    if (s.offerDelayMs)
        o.insert(QStringLiteral("offer_delay_ms"), qint64(s.offerDelayMs));
    if (!s.macAllow.isEmpty())
        o.insert(QStringLiteral("mac_allow"), QJsonArray::fromStringList(s.macAllow));
    if (!s.macDeny.isEmpty())
        o.insert(QStringLiteral("mac_deny"), QJsonArray::fromStringList(s.macDeny));
    if (!s.enabled)
        o.insert(QStringLiteral("enabled"), false);
    if (s.warningPercent)
        o.insert(QStringLiteral("warning_percent"), *s.warningPercent);
    if (s.criticalPercent)
        o.insert(QStringLiteral("critical_percent"), *s.criticalPercent);
    QJsonArray reservations;
    for (const Reservation &r : s.reservations)
        reservations.append(reservationJson(r));
    if (!reservations.isEmpty())
        o.insert(QStringLiteral("reservations"), reservations);
    return o;
}

QJsonArray labelsJson(const QList<DeviceLabel> &labels)
{
    QJsonArray out;
    for (const DeviceLabel &l : labels)
        out.append(QJsonObject{{QStringLiteral("mac"), formatMac(l.mac)},
                               {QStringLiteral("name"), l.name}});
    return out;
}

QJsonObject serverJson(const ServerSettings &s)
{
    const ConflictDetection &c = s.conflictDetection;
    const RogueDetection &r = s.rogueDetection;
    const StatisticsSettings &st = s.statistics;
    QJsonObject o{
        {QStringLiteral("authoritative"), s.authoritative},
        {QStringLiteral("conflict_detection"),
         QJsonObject{{QStringLiteral("enabled"), c.enabled},
                     {QStringLiteral("method"), probeMethodName(c.method)},
                     {QStringLiteral("attempts"), c.attempts},
                     {QStringLiteral("timeout_ms"), c.timeoutMs}}},
        {QStringLiteral("rogue_detection"),
         QJsonObject{{QStringLiteral("enabled"), r.enabled},
                     {QStringLiteral("interval_s"), qint64(r.intervalS)},
                     {QStringLiteral("listen_s"), qint64(r.listenS)},
                     {QStringLiteral("allowed"), QJsonArray::fromStringList(r.allowed)}}},
        {QStringLiteral("decline_quarantine_s"), qint64(s.declineQuarantineS)},
        {QStringLiteral("offer_hold_s"), qint64(s.offerHoldS)},
    };
    // Written only when changed, so files from before issue 8 export unchanged.
    if (st != StatisticsSettings{})
        o.insert(QStringLiteral("statistics"),
                 QJsonObject{
                     {QStringLiteral("interval_s"), qint64(st.intervalS)},
                     {QStringLiteral("warning_percent"), st.warningPercent},
                     {QStringLiteral("critical_percent"), st.criticalPercent},
                     {QStringLiteral("decline_storm_count"), st.declineStormCount},
                     {QStringLiteral("decline_storm_window_s"), qint64(st.declineStormWindowS)}});
    return o;
}

} // namespace

ConfigurationImport ConfigurationJson::fromJson(const QByteArray &json)
{
    ConfigurationImport result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.errors.append(
            QStringLiteral("%1: %2 (not valid JSON)")
                .arg(lineAndColumn(json, parseError.offset), parseError.errorString()));
        return result;
    }
    if (!doc.isObject()) {
        result.errors.append(
            QStringLiteral("the file holds %1, not a LeaseDesk configuration object")
                .arg(doc.isArray() ? QStringLiteral("a list") : QStringLiteral("nothing")));
        return result;
    }
    Reader reader;
    const QJsonObject root = doc.object();
    reader.checkKeys(root, QString(), {"revision", "server", "scopes", "labels"});
    Configuration config;
    config.revision =
        reader.integer(root, QStringLiteral("revision"), QString(), 0, qint64(1) << 53).value_or(0);
    if (root.contains(QStringLiteral("server")))
        if (auto s = reader.object(root.value(QStringLiteral("server")), QStringLiteral("server")))
            config.server = reader.server(*s);
    const QJsonArray scopes = reader.array(root, QStringLiteral("scopes"), QString());
    for (qsizetype i = 0; i < scopes.size(); ++i) {
        const QString p = QStringLiteral("scopes[%1]").arg(i);
        if (auto s = reader.object(scopes[i], p))
            config.scopes.append(reader.scope(*s, p));
    }
    config.labels = reader.labels(root);
    result.errors = reader.errors;
    if (result.errors.isEmpty())
        result.configuration = std::move(config);
    return result;
}

QByteArray ConfigurationJson::toJson(const Configuration &config)
{
    QJsonArray scopes;
    for (const Scope &s : config.scopes)
        scopes.append(scopeJson(s));
    QJsonObject root{{QStringLiteral("revision"), config.revision},
                     {QStringLiteral("server"), serverJson(config.server)},
                     {QStringLiteral("scopes"), scopes}};
    // Written only when there are labels, so files of earlier versions stay as they were.
    if (!config.labels.isEmpty())
        root.insert(QStringLiteral("labels"), labelsJson(config.labels));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace leasedesk
