#include "widgets/packetfiltermodel.h"

#include "core/packetio.h"

#include <algorithm>

namespace leasedesk {

namespace {

bool isSeparator(QChar c)
{
    return c == QLatin1Char(':') || c == QLatin1Char('-') || c == QLatin1Char('.') || c.isSpace();
}

int hexValue(QChar c)
{
    const char l = c.toLatin1();
    if (l >= '0' && l <= '9')
        return l - '0';
    if (l >= 'a' && l <= 'f')
        return l - 'a' + 10;
    if (l >= 'A' && l <= 'F')
        return l - 'A' + 10;
    return -1;
}

// 1-8 hex digits, nothing else.
std::optional<quint32> parseXid(QStringView digits)
{
    if (digits.isEmpty() || digits.size() > 8)
        return std::nullopt;
    quint32 xid = 0;
    for (QChar c : digits) {
        const int digit = hexValue(c);
        if (digit < 0)
            return std::nullopt;
        xid = xid << 4 | quint32(digit);
    }
    return xid;
}

bool allDigits(QStringView text)
{
    return std::all_of(text.begin(), text.end(),
                       [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

// 1-3 decimal digits, at most 255.
std::optional<quint32> octet(QStringView text)
{
    if (text.isEmpty() || text.size() > 3 || !allDigits(text))
        return std::nullopt;
    const uint v = text.toUInt();
    return v <= 255 ? std::optional<quint32>(v) : std::nullopt;
}

quint8 nibble(const QByteArray &bytes, qsizetype i)
{
    const auto b = quint8(bytes[i / 2]);
    return i % 2 ? b & 0x0f : b >> 4;
}

} // namespace

PacketFilterModel::PacketFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{ }

void PacketFilterModel::setSourceModel(QAbstractItemModel *model)
{
    m_packets = qobject_cast<PacketListModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

bool PacketFilterModel::setMacFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed != m_macText) {
        m_macText = trimmed;
        m_macNibbles.clear();
        for (QChar c : trimmed) {
            if (isSeparator(c))
                continue;
            const int digit = hexValue(c);
            if (digit < 0 || m_macNibbles.size() == 32) { // chaddr holds 16 octets at most
                m_macNibbles.clear();
                break;
            }
            m_macNibbles.append(char(digit));
        }
        refilter();
    }
    return m_macText.isEmpty() || !m_macNibbles.isEmpty();
}

bool PacketFilterModel::setAddressFilter(const QString &text)
{
    // Leading blanks mean nothing; trailing ones ask for an exact match, so keep just one.
    const QString trimmed = text.trimmed();
    const bool exact = !trimmed.isEmpty() && text.back().isSpace();
    const QString key = exact ? trimmed + QLatin1Char(' ') : trimmed;
    if (key != m_addressText) {
        m_addressText = key;
        m_address = key.isEmpty() ? std::nullopt : parseAddress(key);
        refilter();
    }
    return m_addressText.isEmpty() || m_address.has_value();
}

bool PacketFilterModel::setXidFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed != m_xidText) {
        m_xidText = trimmed;
        QStringView digits(m_xidText);
        if (digits.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
            digits = digits.mid(2);
        m_xid = parseXid(digits);
        refilter();
    }
    return m_xidText.isEmpty() || m_xid.has_value();
}

void PacketFilterModel::setTypeFilter(quint8 messageType)
{
    if (messageType == m_type)
        return;
    m_type = messageType;
    refilter();
}

void PacketFilterModel::setVerdictFilter(std::optional<PacketListModel::Verdict> verdict)
{
    if (verdict == m_verdict)
        return;
    m_verdict = verdict;
    refilter();
}

void PacketFilterModel::setProblemsOnly(bool on)
{
    if (on == m_problemsOnly)
        return;
    m_problemsOnly = on;
    refilter();
}

void PacketFilterModel::clearFilters()
{
    if (!isFiltering())
        return;
    m_macText.clear();
    m_macNibbles.clear();
    m_addressText.clear();
    m_address.reset();
    m_xidText.clear();
    m_xid.reset();
    m_type = 0;
    m_verdict.reset();
    m_problemsOnly = false;
    refilter();
}

bool PacketFilterModel::isFiltering() const
{
    return !m_macText.isEmpty() || !m_addressText.isEmpty() || !m_xidText.isEmpty() || m_type
        || m_verdict || m_problemsOnly;
}

void PacketFilterModel::refilter()
{
    // Only the row set changes, never the columns.
    invalidateRowsFilter();
}

bool PacketFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_packets || sourceParent.isValid())
        return true;
    const PacketEvent &e = m_packets->eventAt(sourceRow);
    if (m_type && e.messageType != m_type)
        return false;
    if (!m_xidText.isEmpty() && (!m_xid || e.xid != *m_xid))
        return false;
    if (m_verdict || m_problemsOnly) {
        const PacketListModel::Verdict v = PacketListModel::verdictOf(e);
        if ((m_verdict && v != *m_verdict) || (m_problemsOnly && !PacketListModel::isProblem(v)))
            return false;
    }
    if (!m_macText.isEmpty() && !macMatches(e.hardwareAddress))
        return false;
    return m_addressText.isEmpty() || addressMatches(e);
}

bool PacketFilterModel::macMatches(const QByteArray &mac) const
{
    // A substring of the MAC's hex digits, found without building any text.
    const qsizetype n = mac.size() * 2;
    const qsizetype m = m_macNibbles.size();
    if (m == 0)
        return false;
    for (qsizetype start = 0; start + m <= n; ++start) {
        qsizetype i = 0;
        while (i < m && nibble(mac, start + i) == quint8(m_macNibbles[i]))
            ++i;
        if (i == m)
            return true;
    }
    return false;
}

bool PacketFilterModel::addressMatches(const PacketEvent &e) const
{
    if (!m_address)
        return false;
    for (Ipv4Address a : {e.ciaddr, e.yiaddr, e.giaddr, e.peer, e.address})
        if (!a.isZero() && m_address->matches(a))
            return true;
    return false;
}

bool PacketFilterModel::AddressPattern::matches(Ipv4Address a) const
{
    const quint32 v = a.toUint32();
    return (v & mask) == value && (partialShift < 0 || partial.test((v >> partialShift) & 0xff));
}

std::optional<PacketFilterModel::AddressPattern>
PacketFilterModel::parseAddress(const QString &text)
{
    AddressPattern p;
    const QString body = text.trimmed();
    if (const qsizetype slash = body.indexOf(QLatin1Char('/')); slash >= 0) {
        const auto address = Ipv4Address::fromString(body.left(slash).toStdString());
        bool ok = false;
        const uint length = QStringView(body).mid(slash + 1).toUInt(&ok, 10);
        if (!address || !ok || length > 32)
            return std::nullopt;
        p.mask = length ? ~quint32(0) << (32 - length) : 0;
        p.value = address->toUint32() & p.mask;
        return p;
    }
    const bool exact = body.size() != text.size(); // a trailing space: the address, no more
    const QList<QStringView> groups = QStringView(body).split(QLatin1Char('.'));
    if (groups.size() > 4 || (exact && groups.size() != 4))
        return std::nullopt;
    const qsizetype complete = exact ? 4 : groups.size() - 1;
    for (qsizetype i = 0; i < complete; ++i) {
        const auto v = octet(groups[i]);
        if (!v)
            return std::nullopt;
        const int shift = 24 - 8 * int(i);
        p.value |= *v << shift;
        p.mask |= quint32(0xff) << shift;
    }
    if (exact)
        return p;
    const QStringView typed = groups.last();
    if (typed.isEmpty()) // "198.18." : any next octet
        return p;
    if (typed.size() > 3 || !allDigits(typed))
        return std::nullopt;
    p.partialShift = 24 - 8 * int(complete);
    for (int v = 0; v < 256; ++v)
        p.partial[std::size_t(v)] = QString::number(v).startsWith(typed);
    return p.partial.any() ? std::optional(p) : std::nullopt;
}

} // namespace leasedesk
