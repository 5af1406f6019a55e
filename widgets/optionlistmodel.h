#pragma once

#include "core/configuration.h"

#include <QAbstractTableModel>
#include <QList>

namespace leasedesk {

// The options of one scope or reservation: code, name and value as typed. Read-only to
// views; the options editor changes it through append(), setValue() and removeRows(), after
// it has checked the value with the server's parser.
class OptionListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Code, Name, Value, ColumnCount };
    enum Role { CodeRole = Qt::UserRole + 1 }; // the option code as an int

    explicit OptionListModel(QObject *parent = nullptr);

    void setOptions(const QList<OptionSetting> &options);
    const QList<OptionSetting> &options() const { return m_options; }
    // The row holding this code, or -1.
    int rowOf(quint8 code) const;
    // Adds the option at the end and returns its row.
    int append(const OptionSetting &option);
    void setValue(int row, const QString &value);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

private:
    QList<OptionSetting> m_options;
};

} // namespace leasedesk
