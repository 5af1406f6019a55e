#include "widgets/leasefiltermodel.h"

#include "widgets/leasetablemodel.h"

#include <QRegularExpression>

namespace leasedesk {

LeaseFilterModel::LeaseFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(LeaseTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void LeaseFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    // Only the row set changes, not the columns: Qt 6.4 has no beginFilterChange(), and
    // invalidateFilter() re-filters without re-sorting from scratch.
    m_text = trimmed;
    static const QRegularExpression macLike(QStringLiteral("^[0-9a-fA-F:.\\-]+$"));
    m_macDigits.clear();
    if (macLike.match(m_text).hasMatch()) {
        m_macDigits = m_text.toLower();
        m_macDigits.remove(QRegularExpression(QStringLiteral("[:.\\-]")));
    }
    invalidateFilter();
}

bool LeaseFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel *source = sourceModel();
    const auto text = [&](int column) {
        return source->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
    };
    for (int column : {LeaseTableModel::Address, LeaseTableModel::HardwareAddress,
                       LeaseTableModel::Hostname, LeaseTableModel::Label, LeaseTableModel::State})
        if (text(column).contains(m_text, Qt::CaseInsensitive))
            return true;
    if (m_macDigits.isEmpty())
        return false;
    const QString macDigits =
        source->index(sourceRow, LeaseTableModel::HardwareAddress, sourceParent)
            .data(LeaseTableModel::SortRole)
            .toString();
    return macDigits.contains(m_macDigits);
}

} // namespace leasedesk
