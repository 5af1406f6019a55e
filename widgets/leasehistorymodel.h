#pragma once

#include "core/lease.h"
#include "engine/servingstate.h"

#include <QAbstractTableModel>
#include <QList>

namespace leasedesk {

// The state changes of one address or one machine, as the engine's history query returned
// them, in that order (the store decides: newest first). Read-only; a new answer replaces
// the whole list, so one reset per answer is the honest signal.
class LeaseHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Address, HardwareAddress, Change, Reason, ColumnCount };

    explicit LeaseHistoryModel(QObject *parent = nullptr);

    void setHistory(const HistoryQuery &query, const QList<LeaseHistoryEntry> &entries);
    void clear();
    HistoryQuery query() const { return m_query; }
    LeaseHistoryEntry entryAt(int row) const;

    // "History of 198.18.0.7 — 14 entries"; says "latest 500" when the limit cut it short.
    static QString title(const HistoryQuery &query, qsizetype count);
    // What the query is about: "198.18.0.7", "02:00:00:00:00:07", or both.
    static QString subject(const HistoryQuery &query);
    // "bound → released"; "new → offered" for an entry without a previous state.
    static QString changeText(const LeaseHistoryEntry &entry);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString displayText(const LeaseHistoryEntry &entry, int column) const;

    HistoryQuery m_query;
    QList<LeaseHistoryEntry> m_entries;
};

} // namespace leasedesk
