#pragma once

#include "core/configuration.h"
#include "widgets/editablerowsmodel.h"

namespace leasedesk {

// Device labels (a friendly name for a MAC, no address pinned), editable in place. Like
// ReservationModel, setData() refuses what the configuration could not hold (a malformed
// MAC, a MAC labelled twice, a control character in the name) and keeps the reason in
// ValidationRole until the cell is next set successfully. SortRole gives the text lowered.
class DeviceLabelModel : public EditableRows<DeviceLabel>
{
    Q_OBJECT
public:
    enum Column { Mac, Name, ColumnCount };

    explicit DeviceLabelModel(QObject *parent = nullptr);

    void setLabels(const QList<DeviceLabel> &labels) { setItems(labels); }
    QList<DeviceLabel> labels() const { return items(true); } // every row, drafts too
    // A row from insertRows() is a draft, shown only here, until it first has a MAC and a
    // name (isDraft()); every other row is what the configuration gets.
    QList<DeviceLabel> committedLabels() const { return items(false); }
    int rowWithMac(const QByteArray &mac) const; // -1 when none

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString apply(int row, int column, const QVariant &value, DeviceLabel &into) const override;
    bool isCompleteItem(const DeviceLabel &label) const override;
};

} // namespace leasedesk
