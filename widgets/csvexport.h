#pragma once

#include <QByteArray>
#include <QList>

class QAbstractItemModel;

namespace leasedesk {

// Any table model as RFC 4180 CSV: what the user sees (pass the filter proxy to export only
// the visible rows, in their order), the header row from headerData(), CRLF line ends, UTF-8.
// Cells get the same formula-injection neutralisation as the reservation export
// (ReservationCsv::cell): a hostname "=cmd|…" from a client must not run in a spreadsheet.
class CsvExport
{
public:
    // rows: the model's rows to write, in that order (a selection for "copy rows"); empty
    // means every row. A column with a check box and no text writes "true" or "false".
    static QByteArray write(const QAbstractItemModel &model, const QList<int> &rows = {},
                            bool header = true);
};

} // namespace leasedesk
