#pragma once

#include "widgets/packetlistmodel.h"

#include <QPointer>
#include <QSortFilterProxyModel>

#include <bitset>
#include <optional>

namespace leasedesk {

// The packet list's filter bar. Every filter set must match (AND); an empty one matches all.
// Filters read the PacketEvent itself (eventAt), never formatted text, so a new batch of
// thousands of packets is filtered in microseconds. Setters that parse text return false when
// the text cannot match anything (the bar can mark the field); such a filter then hides every
// row, as a search for nonsense finds nothing.
class PacketFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit PacketFilterModel(QObject *parent = nullptr);

    // Needs a PacketListModel; any other model is shown unfiltered.
    void setSourceModel(QAbstractItemModel *model) override;

    // Client MAC, a substring ignoring case; ':' '-' '.' and spaces are ignored on both sides,
    // so "0200", "02-00" and Cisco's "0200.00" all find 02:00:00:…
    bool setMacFilter(const QString &text);
    // An address in ciaddr, yiaddr, giaddr, the peer or the address the packet is about
    // (0.0.0.0 never matches). As an admin types: "198.18.0.1" is a prefix and finds .1,
    // .10-.19 and .100-.199 (octets compare as numbers, so "198.18.0.1" never finds
    // 198.18.0.21); "198.18." finds the whole 198.18/16. A full address followed by a space,
    // or a CIDR subnet ("198.18.0.1/32", "198.18.4.0/22"), matches exactly.
    bool setAddressFilter(const QString &text);
    // The transaction id: hex, with or without 0x; exact.
    bool setXidFilter(const QString &text);
    void setTypeFilter(quint8 messageType); // option 53 value; 0 = any
    void setVerdictFilter(std::optional<PacketListModel::Verdict> verdict);
    // Ignored, malformed and not sent only (PacketListModel::isProblem).
    void setProblemsOnly(bool on);
    void clearFilters();

    QString macFilter() const { return m_macText; }
    QString addressFilter() const { return m_addressText; }
    QString xidFilter() const { return m_xidText; }
    quint8 typeFilter() const { return m_type; }
    std::optional<PacketListModel::Verdict> verdictFilter() const { return m_verdict; }
    bool problemsOnly() const { return m_problemsOnly; }
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    // An address prefix as numbers: the complete octets under `mask`, then (optionally) one
    // octet whose decimal text must start with what was typed, as a table of its 256 values.
    struct AddressPattern
    {
        quint32 value = 0;
        quint32 mask = 0;
        int partialShift = -1; // bit position of the partly typed octet; -1 when none
        std::bitset<256> partial;
        bool matches(Ipv4Address a) const;
    };
    static std::optional<AddressPattern> parseAddress(const QString &text);
    bool macMatches(const QByteArray &mac) const;
    bool addressMatches(const PacketEvent &e) const;
    void refilter();

    QPointer<PacketListModel> m_packets;
    QString m_macText;
    QByteArray m_macNibbles; // 0-15 each; empty with m_macText set: nothing matches
    QString m_addressText;
    std::optional<AddressPattern> m_address; // nullopt with m_addressText set: nothing matches
    QString m_xidText;
    std::optional<quint32> m_xid; // nullopt with m_xidText set: nothing matches
    quint8 m_type = 0;
    std::optional<PacketListModel::Verdict> m_verdict;
    bool m_problemsOnly = false;
};

} // namespace leasedesk
