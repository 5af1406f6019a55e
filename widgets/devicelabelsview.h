#pragma once

#include "core/configuration.h"

#include <QWidget>

class QLabel;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace leasedesk {

class DeviceLabelModel;

// Device labels: a friendly name for a MAC, shown in the lease table, without reserving an
// address. Like the reservations, every accepted edit leaves as the whole new list, and
// setLabels() ignores a list equal to what is shown (the undo round trip).
class DeviceLabelsView : public QWidget
{
    Q_OBJECT
public:
    explicit DeviceLabelsView(QWidget *parent = nullptr);
    ~DeviceLabelsView() override;

    void setLabels(const QList<leasedesk::DeviceLabel> &labels);

    DeviceLabelModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString message() const;

public slots:
    void addLabel(); // an empty draft row, its MAC being edited
    void deleteSelected();

signals:
    void labelsEdited(const QList<leasedesk::DeviceLabel> &labels, const QString &undoText);

private:
    void buildTable();
    void onCellChanged(const QModelIndex &index);
    void publish(const QString &undoText);
    void showMessage(const QString &text, bool problem);
    QList<int> selectedSourceRows() const;
    QString rowTitle(int row) const;

    DeviceLabelModel *m_model = nullptr;
    QSortFilterProxyModel *m_sort = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_messageIcon = nullptr;
    QLabel *m_message = nullptr;
    QList<DeviceLabel> m_published;
    bool m_batch = false;
};

} // namespace leasedesk
