#pragma once

#include "proto/ipv4address.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace leasedesk {

using proto::Ipv4Address;

// An inclusive range of addresses, start ≤ end once validated.
struct AddressRange
{
    Ipv4Address start;
    Ipv4Address end;

    bool contains(Ipv4Address a) const { return !(a < start) && !(end < a); }
    bool overlaps(const AddressRange &o) const { return !(end < o.start) && !(o.end < start); }
    quint64 size() const { return quint64(end.toUint32()) - start.toUint32() + 1; }
    bool operator==(const AddressRange &) const = default;
};

// Any option from the option table, with its value as the admin wrote it (optiontext.h
// syntax). Kept as text so that export gives back what was typed.
struct OptionSetting
{
    quint8 code = 0;
    QString value;
    bool operator==(const OptionSetting &) const = default;
};

// PXE boot file names, chosen by the client's architecture (option 93, RFC 4578 §2.1).
// The fallback serves clients that send no option 93 or an architecture not listed here.
struct BootFiles
{
    QString fallback;
    QString bios; // architecture 0
    QString uefiX64; // architectures 7 and 9
    QString arm64; // architecture 11
    // The file for an architecture, falling back to fallback; empty when nothing applies.
    QString forArchitecture(std::optional<quint16> arch) const;
    bool isEmpty() const
    {
        return fallback.isEmpty() && bios.isEmpty() && uefiX64.isEmpty() && arm64.isEmpty();
    }
    bool operator==(const BootFiles &) const = default;
};

struct Reservation
{
    QList<QByteArray> macs; // 6-octet hardware addresses; a machine with several NICs
    QByteArray clientId; // option 61, type octet first; wins over the MACs (RFC 6842)
    Ipv4Address ip; // inside the subnet, possibly outside the ranges
    QString hostname;
    QString description;
    QList<OptionSetting> options;
    Ipv4Address nextServer;
    BootFiles bootFiles;
    bool enabled = true;
    bool operator==(const Reservation &) const = default;
};

struct Scope
{
    QString name;
    Ipv4Address network;
    int prefixLength = 24;
    QList<AddressRange> ranges;
    QList<AddressRange> exclusions;
    quint32 leaseTime = 3600; // seconds
    std::optional<quint32> renewalTime; // T1; 0.5 × lease when unset (RFC 2131 §4.4.5)
    std::optional<quint32> rebindingTime; // T2; 0.875 × lease when unset
    Ipv4Address router; // 0.0.0.0: none
    QList<Ipv4Address> dns;
    QString domain;
    QList<OptionSetting> options;
    Ipv4Address nextServer; // PXE: siaddr
    BootFiles bootFiles;
    quint32 offerDelayMs = 0; // a secondary server answers later, so the primary wins
    QStringList macAllow; // patterns (MacPattern); empty: everyone
    QStringList macDeny; // patterns; a match is refused even when allowed
    bool enabled = true;
    QList<Reservation> reservations;
    // Utilization alert thresholds in percent; unset: the server's (StatisticsSettings).
    std::optional<int> warningPercent;
    std::optional<int> criticalPercent;

    quint32 netmask() const;
    Ipv4Address broadcast() const;
    bool containsAddress(Ipv4Address a) const;
    quint32 effectiveRenewalTime() const;
    quint32 effectiveRebindingTime() const;
    bool operator==(const Scope &) const = default;
};

enum class ProbeMethod : quint8 { Icmp, Arp, Both };
QString probeMethodName(ProbeMethod m);

struct ConflictDetection
{
    bool enabled = true;
    ProbeMethod method = ProbeMethod::Icmp;
    int attempts = 1; // 0–5; 0 probes nothing even when enabled
    int timeoutMs = 500; // per attempt
    bool operator==(const ConflictDetection &) const = default;
};

// Looking for other DHCP servers on the served segments (issue 5): a DISCOVER of our own
// from a locally administered MAC on every served interface, at start, on demand and every
// interval; every server reply seen on the wire counts too. Servers named in `allowed` (by
// server identifier, IP source or MAC) are expected and reported as known, not as rogue.
struct RogueDetection
{
    bool enabled = true;
    quint32 intervalS = 600; // 0: only at start and on demand
    quint32 listenS = 3; // how long the answers to one DISCOVER are collected
    QStringList allowed; // "198.18.0.9" or "02:00:00:00:00:09"
    bool operator==(const RogueDetection &) const = default;
};

// The statistics sampler and the alerts it raises (issue 8).
struct StatisticsSettings
{
    quint32 intervalS = 10; // one sample per interval, 1–3600 seconds
    // Utilization alerts and the colours of the utilization bars, in percent of a scope's
    // addresses; a scope may set its own (Scope::warningPercent, criticalPercent).
    int warningPercent = 80;
    int criticalPercent = 90;
    // A decline storm: this many DECLINEs in one scope within the window (clients finding
    // the addresses they were given in use, usually a second server or a static squatter).
    int declineStormCount = 10;
    quint32 declineStormWindowS = 60;
    bool operator==(const StatisticsSettings &) const = default;
};

struct ServerSettings
{
    // RFC 2131 §4.3.2 wants silence towards INIT-REBOOT clients we have no record of;
    // authoritative answers them with NAK so they restart at once (ISC and Kea's switch).
    bool authoritative = false;
    ConflictDetection conflictDetection;
    RogueDetection rogueDetection;
    quint32 declineQuarantineS = 3600; // declined and conflicting addresses alike
    StatisticsSettings statistics;
    quint32 offerHoldS = 60; // how long an OFFER reserves its address
    bool operator==(const ServerSettings &) const = default;
};

// A friendly name for a machine by its MAC (issue 6), shown beside its leases without
// pinning an address as a reservation would.
struct DeviceLabel
{
    QByteArray mac; // 6 octets
    QString name;
    bool operator==(const DeviceLabel &) const = default;
};

// A scope's utilization thresholds: its own where set, else the server's.
struct UtilizationThresholds
{
    int warningPercent = 80;
    int criticalPercent = 90;
    bool operator==(const UtilizationThresholds &) const = default;
};

struct Configuration
{
    qint64 revision = 0;
    ServerSettings server;
    QList<Scope> scopes;
    QList<DeviceLabel> labels;

    const Scope *findScope(const QString &name) const;
    UtilizationThresholds thresholdsFor(const QString &scope) const;
    bool operator==(const Configuration &) const = default;
};

// "02:00:00:00:00:01" ↔ bytes. Accepts ':' or '-' separators; case-insensitive.
std::optional<QByteArray> parseMac(const QString &text);
QString formatMac(const QByteArray &mac);

// MAC patterns for allow/deny lists: six octets separated by ':', each two hex digits in
// which '?' matches any digit ("02:00:5e:0?:??:??"), or '*' for any octet; a trailing '*'
// after the last given octet matches the rest ("02:00:00:*").
struct MacPattern
{
    static bool isValid(const QString &pattern, QString *why = nullptr);
    static bool matches(const QString &pattern, const QByteArray &mac);
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::Configuration)
