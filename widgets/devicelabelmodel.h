#pragma once

#include "core/configuration.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace leasedesk {

// Device labels (a friendly name for a MAC, no address pinned), editable in place. Like
// ReservationModel, setData() refuses what the configuration could not hold (a malformed
// MAC, a MAC labelled twice, a control character in the name) and keeps the reason in
// ValidationRole until the cell is next set successfully.
class DeviceLabelModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Mac, Name, ColumnCount };
    enum Role {
        ValidationRole = Qt::UserRole + 1, // the reason the last edit of the cell was refused
        SortRole, // text lowered
    };

    explicit DeviceLabelModel(QObject *parent = nullptr);

    void setLabels(const QList<DeviceLabel> &labels);
    QList<DeviceLabel> labels() const; // every row, drafts too
    // A row from insertRows() is a draft, shown only here, until it first has a MAC and a
    // name; every other row is what the configuration gets.
    bool isDraft(int row) const;
    QList<DeviceLabel> committedLabels() const;
    int rowWithMac(const QByteArray &mac) const; // -1 when none
    QString errorFor(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

signals:
    void editRefused(const QModelIndex &index, const QString &reason);

private:
    struct Row
    {
        DeviceLabel label;
        QHash<int, QString> errors; // column → refusal
        bool draft = false;
    };

    QString apply(int row, int column, const QString &text, DeviceLabel &into) const;
    bool refuse(const QModelIndex &index, const QString &reason);

    QList<Row> m_rows;
};

} // namespace leasedesk
