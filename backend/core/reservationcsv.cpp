#include "core/reservationcsv.h"

#include <QHash>
#include <QRegularExpression>

namespace leasedesk {

namespace {

const QStringList Columns = {QStringLiteral("mac"),         QStringLiteral("client_id"),
                             QStringLiteral("ip"),          QStringLiteral("hostname"),
                             QStringLiteral("description"), QStringLiteral("enabled")};

struct Row
{
    int line = 0; // where the row starts, for messages
    QStringList cells;
};

// RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks.
bool splitRecords(const QString &text, QList<Row> &rows, QString *error)
{
    Row row{1, {}};
    QString cell;
    bool quoted = false;
    bool cellWasQuoted = false;
    int line = 1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                    cell += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                cell += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && cell.isEmpty() && !cellWasQuoted) {
            quoted = cellWasQuoted = true;
        } else if (c == QLatin1Char(',')) {
            row.cells.append(cell);
            cell.clear();
            cellWasQuoted = false;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n'))
                ++i;
            row.cells.append(cell);
            if (!(row.cells.size() == 1 && row.cells.front().isEmpty()))
                rows.append(row);
            ++line;
            row = Row{line, {}};
            cell.clear();
            cellWasQuoted = false;
        } else {
            cell += c;
        }
    }
    if (quoted) {
        *error = QStringLiteral("line %1: a quoted cell is never closed").arg(row.line);
        return false;
    }
    row.cells.append(cell);
    if (!(row.cells.size() == 1 && row.cells.front().isEmpty()))
        rows.append(row);
    return true;
}

bool isFormulaStart(const QString &cell)
{
    return !cell.isEmpty() && QStringLiteral("=+-@\t\r").contains(cell.front());
}

QString unneutralise(const QString &cell)
{
    if (cell.size() > 1 && cell.front() == QLatin1Char('\'') && isFormulaStart(cell.mid(1)))
        return cell.mid(1);
    return cell;
}

QString csvCell(QString cell)
{
    if (isFormulaStart(cell))
        cell.prepend(QLatin1Char('\''));
    static const QRegularExpression needsQuotes(QStringLiteral("[\",\\r\\n]|^\\s|\\s$"));
    if (needsQuotes.match(cell).hasMatch())
        return QLatin1Char('"') + cell.replace(QLatin1Char('"'), QStringLiteral("\"\""))
            + QLatin1Char('"');
    return cell;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String("true") || t == QLatin1String("yes")
        || t == QLatin1String("1"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0"))
        return false;
    return std::nullopt;
}

// One row to a reservation; problems are appended to errors with the line number.
Reservation readRow(const Row &row, const QHash<QString, qsizetype> &column, QStringList &errors)
{
    // Hostname and description are taken as written (quoted spaces survive a round trip);
    // the rest is trimmed, as spreadsheets pad cells.
    auto raw = [&](const QString &name) {
        const qsizetype i = column.value(name, -1);
        return i >= 0 && i < row.cells.size() ? unneutralise(row.cells[i]) : QString();
    };
    auto cell = [&](const QString &name) {
        return raw(name).trimmed();
    };
    auto fail = [&](const QString &what) {
        errors.append(QStringLiteral("line %1: %2").arg(row.line).arg(what));
    };

    Reservation r;
    for (const QString &m :
         cell(QStringLiteral("mac"))
             .split(QRegularExpression(QStringLiteral("[\\s;]+")), Qt::SkipEmptyParts)) {
        if (auto mac = parseMac(m))
            r.macs.append(*mac);
        else
            fail(QStringLiteral("\"%1\" is not a MAC address (02:00:00:00:00:01)").arg(m));
    }
    if (const QString id = cell(QStringLiteral("client_id")); !id.isEmpty()) {
        static const QRegularExpression form(QStringLiteral("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$"));
        if (form.match(id).hasMatch())
            r.clientId = QByteArray::fromHex(QString(id).remove(QLatin1Char(':')).toLatin1());
        else
            fail(QStringLiteral("\"%1\" is not a client-id (colon-separated hex, type byte first)")
                     .arg(id));
    }
    const QString ip = cell(QStringLiteral("ip"));
    if (auto a = proto::Ipv4Address::fromString(ip.toStdString()))
        r.ip = *a;
    else
        fail(ip.isEmpty() ? QStringLiteral("the ip cell is empty")
                          : QStringLiteral("\"%1\" is not an IPv4 address").arg(ip));
    if (cell(QStringLiteral("mac")).isEmpty() && cell(QStringLiteral("client_id")).isEmpty())
        fail(QStringLiteral("a reservation needs a MAC address or a client-id"));
    r.hostname = raw(QStringLiteral("hostname"));
    r.description = raw(QStringLiteral("description"));
    if (auto enabled = parseBool(cell(QStringLiteral("enabled"))))
        r.enabled = *enabled;
    else
        fail(QStringLiteral("\"%1\" in enabled is not true or false")
                 .arg(cell(QStringLiteral("enabled"))));
    return r;
}

} // namespace

ReservationCsvImport ReservationCsv::read(const QByteArray &csv)
{
    ReservationCsvImport result;
    QString text = QString::fromUtf8(csv);
    if (text.startsWith(QChar(0xfeff))) // a byte order mark from spreadsheet exports
        text.remove(0, 1);
    QList<Row> rows;
    QString error;
    if (!splitRecords(text, rows, &error)) {
        result.errors.append(error);
        return result;
    }
    if (rows.isEmpty()) {
        result.errors.append(QStringLiteral("line 1: the file is empty; expected the header %1")
                                 .arg(Columns.join(QLatin1Char(','))));
        return result;
    }
    QHash<QString, qsizetype> column;
    const Row &header = rows.front();
    for (qsizetype i = 0; i < header.cells.size(); ++i) {
        const QString name = header.cells[i].trimmed().toLower();
        if (!Columns.contains(name))
            result.errors.append(QStringLiteral("line 1: unknown column \"%1\"; the columns are %2")
                                     .arg(header.cells[i], Columns.join(QStringLiteral(", "))));
        else if (column.contains(name))
            result.errors.append(
                QStringLiteral("line 1: the column \"%1\" appears twice").arg(name));
        column.insert(name, i);
    }
    if (!column.contains(QStringLiteral("ip"))
        || (!column.contains(QStringLiteral("mac"))
            && !column.contains(QStringLiteral("client_id"))))
        result.errors.append(
            QStringLiteral("line 1: the header needs an ip column and a mac or client_id column"));
    if (!result.errors.isEmpty())
        return result;

    QList<Reservation> reservations;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const Row &row = rows[i];
        if (row.cells.size() > header.cells.size()) {
            result.errors.append(QStringLiteral("line %1: %2 cells, but the header names %3")
                                     .arg(row.line)
                                     .arg(row.cells.size())
                                     .arg(header.cells.size()));
            continue;
        }
        reservations.append(readRow(row, column, result.errors));
    }
    if (result.errors.isEmpty())
        result.reservations = std::move(reservations);
    return result;
}

QByteArray ReservationCsv::write(const QList<Reservation> &reservations)
{
    QString out = Columns.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const Reservation &r : reservations) {
        QStringList macs;
        for (const QByteArray &m : r.macs)
            macs.append(formatMac(m));
        const QStringList cells = {
            macs.join(QLatin1Char(' ')),
            r.clientId.isEmpty() ? QString() : QString::fromLatin1(r.clientId.toHex(':')),
            QString::fromStdString(r.ip.toString()),
            r.hostname,
            r.description,
            r.enabled ? QStringLiteral("true") : QStringLiteral("false")};
        QStringList quoted;
        for (const QString &c : cells)
            quoted.append(csvCell(c));
        out += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QString ReservationCsv::cell(const QString &text)
{
    return csvCell(text);
}

} // namespace leasedesk
