#include "widgets/csvexport.h"

#include "core/reservationcsv.h"

#include <QAbstractItemModel>
#include <QStringList>

namespace leasedesk {

namespace {

QString cellText(const QAbstractItemModel &model, int row, int column)
{
    const QModelIndex index = model.index(row, column);
    const QVariant display = index.data(Qt::DisplayRole);
    if (display.isValid())
        return display.toString();
    const QVariant check = index.data(Qt::CheckStateRole);
    if (check.isValid())
        return check.toInt() == Qt::Checked ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QString line(const QStringList &cells)
{
    QStringList escaped;
    escaped.reserve(cells.size());
    for (const QString &c : cells)
        escaped.append(ReservationCsv::cell(c));
    return escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

} // namespace

QByteArray CsvExport::write(const QAbstractItemModel &model, const QList<int> &rows, bool header)
{
    const int columns = model.columnCount();
    QString out;
    if (header) {
        QStringList cells;
        for (int c = 0; c < columns; ++c)
            cells.append(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
        out += line(cells);
    }
    const auto writeRow = [&](int row) {
        QStringList cells;
        for (int c = 0; c < columns; ++c)
            cells.append(cellText(model, row, c));
        out += line(cells);
    };
    if (rows.isEmpty()) {
        for (int row = 0; row < model.rowCount(); ++row)
            writeRow(row);
    } else {
        for (int row : rows)
            if (row >= 0 && row < model.rowCount())
                writeRow(row);
    }
    return out.toUtf8();
}

} // namespace leasedesk
