#pragma once

#include "core/configuration.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace leasedesk {

struct ReservationCsvImport
{
    QList<Reservation> reservations;
    QStringList errors; // "line 7: …"; when any, reservations is empty: nothing half-imported
};

// Reservations as CSV (RFC 4180: comma-separated, double quotes around cells that need
// them), one per line under the header "mac,client_id,ip,hostname,description,enabled".
// Several MACs share one cell, separated by spaces. Columns may come in any order; mac,
// client_id and ip are recognised by name, the rest are optional.
class ReservationCsv
{
public:
    static ReservationCsvImport read(const QByteArray &csv);
    // Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
    // written with a leading apostrophe (OWASP "CSV injection"); read() removes it again.
    static QByteArray write(const QList<Reservation> &reservations);
    // One cell as write() writes it (neutralised, quoted when needed), for other CSV
    // exports (the lease table) to share the same protection.
    static QString cell(const QString &text);
};

} // namespace leasedesk
