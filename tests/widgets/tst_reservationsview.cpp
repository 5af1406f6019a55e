// The Reservations tab as an admin uses it: typing a reservation in, refusals with their
// reasons, search, "reserve this address" from a lease, CSV both ways, and device labels.
// Every edit must leave as one whole list (one undo command) and come back without
// disturbing the view.
#include "widgets/devicelabelmodel.h"
#include "widgets/devicelabelsview.h"
#include "widgets/reservationmodel.h"
#include "widgets/reservationsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace leasedesk;

class TestReservationsView : public QObject
{
    Q_OBJECT

private slots:
    void addsAReservationTypedCellByCell();
    void invalidMacShowsTheReasonAndEmitsNothing();
    void refusesDuplicates();
    void cellEditRoundTripKeepsTheEditorOpen();
    void anotherScopeResetsTheView();
    void draftsStayLocalAndCannotLoseTheirIdentity();
    void searchFiltersAcrossColumns();
    void reserveLeasePrefillsARow();
    void reserveLeaseSelectsAnExistingReservation();
    void deletesAndTogglesSelectedRows();
    void csvRoundTrip();
    void brokenCsvImportsNothingAndNamesRowAndColumn();
    void labelsAddEditAndRefuseBadMacs();
    void screenshot();
};

namespace {

QByteArray mac(const char *text)
{
    return *parseMac(QString::fromLatin1(text));
}

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

Scope labScope()
{
    Scope s;
    s.name = QStringLiteral("lab");
    s.network = ip("198.18.0.0");
    s.prefixLength = 24;
    s.router = ip("198.18.0.1");
    Reservation a;
    a.macs = {mac("02:00:00:00:00:01"), mac("02:00:00:00:00:11")};
    a.ip = ip("198.18.0.50");
    a.hostname = QStringLiteral("node1");
    a.description = QStringLiteral("rack 1");
    Reservation b;
    b.clientId = QByteArray::fromHex("01020000000009");
    b.ip = ip("198.18.0.51");
    b.hostname = QStringLiteral("node2");
    b.enabled = false;
    Reservation c;
    c.macs = {mac("02:00:00:00:00:03")};
    c.ip = ip("198.18.0.52");
    c.hostname = QStringLiteral("printer");
    c.description = QStringLiteral("2nd floor, \"colour\"");
    s.reservations = {a, b, c};
    return s;
}

QList<DeviceLabel> someLabels()
{
    return {DeviceLabel{mac("02:00:00:00:00:21"), QStringLiteral("bench PSU")},
            DeviceLabel{mac("02:00:00:00:00:22"), QStringLiteral("Ana's laptop")}};
}

// A view with the lab scope and every model under QAbstractItemModelTester.
struct Fixture
{
    Fixture()
    {
        view.setScope(labScope());
        view.setDeviceLabels(someLabels());
        using Mode = QAbstractItemModelTester::FailureReportingMode;
        testers.emplace_back(
            std::make_unique<QAbstractItemModelTester>(view.model(), Mode::QtTest));
        testers.emplace_back(
            std::make_unique<QAbstractItemModelTester>(view.filterModel(), Mode::QtTest));
        testers.emplace_back(
            std::make_unique<QAbstractItemModelTester>(view.labelsView()->model(), Mode::QtTest));
        testers.emplace_back(std::make_unique<QAbstractItemModelTester>(
            view.labelsView()->table()->model(), Mode::QtTest));
    }

    // Sets a cell through what the table shows (the filter model), as the delegate does.
    bool setCell(int sourceRow, int column, const QVariant &value, int role = Qt::EditRole)
    {
        const QModelIndex index =
            view.filterModel()->mapFromSource(view.model()->index(sourceRow, column));
        return view.filterModel()->setData(index, value, role);
    }

    ReservationsView view;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

// An open cell editor (a closed one is hidden at once and deleted later).
bool isEditing(const QTableView *table)
{
    const auto editors = table->viewport()->findChildren<QLineEdit *>();
    return std::any_of(editors.cbegin(), editors.cend(),
                       [](const QLineEdit *e) { return !e->isHidden(); });
}

QList<Reservation> lastList(const QSignalSpy &spy)
{
    return spy.last().at(0).value<QList<Reservation>>();
}

} // namespace

void TestReservationsView::addsAReservationTypedCellByCell()
{
    Fixture f;
    f.view.resize(1100, 700);
    f.view.show();
    QVERIFY(QTest::qWaitForWindowActive(&f.view));
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);

    f.view.addReservation();
    QCOMPARE(f.view.model()->rowCount(), 4);
    QCOMPARE(isEditing(f.view.table()), true);
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    QTest::keyClicks(editor, QStringLiteral("camera"));
    QTest::keyClick(editor, Qt::Key_Tab); // commits and moves to the MACs cell
    editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    // The form is checked while typing, before Enter.
    QTest::keyClicks(editor, QStringLiteral("02:00:zz"));
    QVERIFY2(editor->toolTip().contains(QStringLiteral("is not a MAC address yet")),
             qPrintable(editor->toolTip()));
    editor->clear();
    QVERIFY(editor->toolTip().isEmpty());
    QTest::keyClicks(editor, QStringLiteral("02:00:00:00:00:44"));
    QVERIFY(editor->toolTip().isEmpty());
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on Return from the event loop.
    QTRY_COMPARE(f.view.model()->index(3, ReservationModel::Macs).data().toString(),
                 QStringLiteral("02:00:00:00:00:44"));
    QVERIFY(!isEditing(f.view.table()));
    QCOMPARE(edits.size(), 0); // still a draft: no address yet
    QVERIFY(f.view.model()->isDraft(3));
    // Drafts say what they still need.
    const QModelIndex shownAddress =
        f.view.filterModel()->mapFromSource(f.view.model()->index(3, ReservationModel::Address));
    QCOMPARE(shownAddress.data().toString(), QStringLiteral("address needed"));

    QVERIFY(f.setCell(3, ReservationModel::Address, QStringLiteral("198.18.0.60")));
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Add reservation camera"));
    const QList<Reservation> list = lastList(edits);
    QCOMPARE(list.size(), 4);
    QCOMPARE(list.last().hostname, QStringLiteral("camera"));
    QCOMPARE(list.last().macs, QList<QByteArray>{mac("02:00:00:00:00:44")});
    QCOMPARE(list.last().ip, ip("198.18.0.60"));
    QVERIFY(list.last().enabled);
}

void TestReservationsView::invalidMacShowsTheReasonAndEmitsNothing()
{
    Fixture f;
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    QVERIFY(!f.setCell(0, ReservationModel::Macs, QStringLiteral("02:00:00:00:00:01, <b>zz</b>")));
    QCOMPARE(edits.size(), 0);
    QVERIFY2(f.view.message().contains(QStringLiteral("\"<b>zz</b>\" is not a MAC address")),
             qPrintable(f.view.message()));
    QVERIFY(f.view.message().startsWith(QStringLiteral("Row 1, MACs:")));
    auto *label = f.view.findChild<QLabel *>(QStringLiteral("reservationMessage"));
    QVERIFY(label);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QCOMPARE(f.view.model()->reservations(), labScope().reservations);

    QVERIFY(!f.setCell(1, ReservationModel::Address, QStringLiteral("10.0.0.1")));
    QVERIFY(f.view.message().contains(QStringLiteral("outside the subnet")));
    QVERIFY(!f.setCell(1, ReservationModel::Address, QStringLiteral("198.18.0.1")));
    QVERIFY(f.view.message().contains(QStringLiteral("router")));
    QCOMPARE(edits.size(), 0);
}

void TestReservationsView::refusesDuplicates()
{
    Fixture f;
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    QVERIFY(!f.setCell(2, ReservationModel::Macs, QStringLiteral("02-00-00-00-00-11")));
    QVERIFY(f.view.message().contains(QStringLiteral("already reserved by row 1 (node1)")));
    QVERIFY(!f.setCell(2, ReservationModel::Address, QStringLiteral("198.18.0.51")));
    QVERIFY(f.view.message().contains(QStringLiteral("already reserved by row 2 (node2)")));
    QVERIFY(!f.setCell(2, ReservationModel::ClientId, QStringLiteral("01:02:00:00:00:00:09")));
    QVERIFY(f.view.message().contains(QStringLiteral("already reserved by row 2")));
    QCOMPARE(edits.size(), 0);
}

void TestReservationsView::cellEditRoundTripKeepsTheEditorOpen()
{
    Fixture f;
    f.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    QSignalSpy resets(f.view.model(), &QAbstractItemModel::modelReset);

    QVERIFY(f.setCell(0, ReservationModel::Description, QStringLiteral("rack 2")));
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Edit description of node1"));
    QCOMPARE(lastList(edits).at(0).description, QStringLiteral("rack 2"));
    QVERIFY(f.setCell(1, ReservationModel::Enabled, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Enable node2"));

    // The undo stack hands the list back while the admin edits the next cell.
    const QModelIndex next =
        f.view.filterModel()->mapFromSource(f.view.model()->index(2, ReservationModel::Hostname));
    f.view.table()->setCurrentIndex(next);
    f.view.table()->edit(next);
    QCOMPARE(isEditing(f.view.table()), true);
    Scope back = labScope();
    back.reservations = lastList(edits);
    f.view.setScope(back);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(isEditing(f.view.table()), true);
    QCOMPARE(f.view.table()->currentIndex(), next);

    // Undo: the old list comes back and is shown.
    f.view.setScope(labScope());
    QCOMPARE(resets.size(), 1);
    QCOMPARE(f.view.model()->reservations(), labScope().reservations);
    QCOMPARE(edits.size(), 2); // showing it is no edit
}

void TestReservationsView::anotherScopeResetsTheView()
{
    Fixture f;
    QSignalSpy resets(f.view.model(), &QAbstractItemModel::modelReset);
    Scope a = labScope();
    a.reservations.clear();
    f.view.setScope(a);
    QCOMPARE(f.view.model()->rowCount(), 0);
    f.view.addReservation(); // a draft in scope "lab"
    Scope b = a;
    b.name = QStringLiteral("office"); // also empty, but another scope: the draft goes
    b.network = ip("198.19.0.0");
    f.view.setScope(b);
    QCOMPARE(f.view.model()->rowCount(), 0);
    QCOMPARE(resets.size(), 2);
    // The checks follow the new scope's subnet.
    f.view.addReservation();
    QVERIFY(!f.setCell(0, ReservationModel::Address, QStringLiteral("198.18.0.9")));
    QVERIFY2(f.view.message().contains(
                 QStringLiteral("outside the subnet 198.19.0.0/24 of scope office")),
             qPrintable(f.view.message()));
}

void TestReservationsView::draftsStayLocalAndCannotLoseTheirIdentity()
{
    Fixture f;
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    f.view.addReservation();
    QVERIFY(f.setCell(3, ReservationModel::Hostname, QStringLiteral("draft")));
    QCOMPARE(edits.size(), 0);
    QCOMPARE(f.view.exportCsv().count('\n'), 4); // header and the three saved ones
    // A saved reservation cannot be turned back into a draft by emptying its MACs.
    QVERIFY(!f.setCell(2, ReservationModel::Macs, QString()));
    QVERIFY(f.view.message().contains(QStringLiteral("needs a MAC address or a client ID")));
    // Deleting only the draft changes nothing the configuration holds.
    f.view.table()->selectRow(
        f.view.filterModel()->mapFromSource(f.view.model()->index(3, 0)).row());
    f.view.deleteSelected();
    QCOMPARE(f.view.model()->rowCount(), 3);
    QCOMPARE(edits.size(), 0);
}

void TestReservationsView::searchFiltersAcrossColumns()
{
    Fixture f;
    auto *count = f.view.findChild<QLabel *>(QStringLiteral("reservationCount"));
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("3 reservations"));
    const QList<std::pair<QString, int>> cases = {
        {QStringLiteral("NODE"), 2},
        {QStringLiteral("02:00:00:00:00:11"), 1},
        {QStringLiteral("020000000003"), 1},
        {QStringLiteral("02-00-00-00-00-03"), 1},
        {QStringLiteral("01:02:00"), 1},
        {QStringLiteral("198.18.0.52"), 1},
        {QStringLiteral("colour"), 1},
        {QStringLiteral("nothing here"), 0},
        {QString(), 3},
    };
    for (const auto &[text, rows] : cases) {
        f.view.searchEdit()->setText(text);
        QVERIFY2(f.view.filterModel()->rowCount() == rows, qPrintable(text));
    }
    f.view.searchEdit()->setText(QStringLiteral("printer"));
    QCOMPARE(count->text(), QStringLiteral("1 of 3 reservations"));
    // A new row shows even under a search that it does not match yet.
    f.view.addReservation();
    QCOMPARE(f.view.filterModel()->rowCount(), 2);
}

void TestReservationsView::reserveLeasePrefillsARow()
{
    Fixture f;
    f.view.show();
    QVERIFY(QTest::qWaitForWindowActive(&f.view));
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    f.view.searchEdit()->setText(QStringLiteral("node1")); // would hide the new row
    Lease lease;
    lease.address = ip("198.18.0.77");
    lease.hardwareAddress = mac("02:00:00:00:00:77");
    lease.hostname = QStringLiteral("scanner");
    lease.scope = QStringLiteral("lab");
    f.view.reserveLease(lease);

    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Reserve 198.18.0.77 for scanner"));
    const Reservation r = lastList(edits).last();
    QCOMPARE(r.macs, QList<QByteArray>{lease.hardwareAddress});
    QCOMPARE(r.hostname, QStringLiteral("scanner"));
    QCOMPARE(r.ip, lease.address);
    const QModelIndex current = f.view.table()->currentIndex();
    QCOMPARE(f.view.filterModel()->mapToSource(current).row(), 3);
    QCOMPARE(current.column(), int(ReservationModel::Hostname));
    QCOMPARE(isEditing(f.view.table()), true);
    QVERIFY(f.view.table()->selectionModel()->isRowSelected(current.row()));
}

void TestReservationsView::reserveLeaseSelectsAnExistingReservation()
{
    Fixture f;
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    Lease byMac;
    byMac.address = ip("198.18.0.90");
    byMac.hardwareAddress = mac("02:00:00:00:00:11"); // node1's second NIC
    f.view.reserveLease(byMac);
    QVERIFY2(f.view.message().contains(
                 QStringLiteral("02:00:00:00:00:11 already has a reservation: node1")),
             qPrintable(f.view.message()));
    QCOMPARE(f.view.filterModel()->mapToSource(f.view.table()->currentIndex()).row(), 0);

    Lease byAddress;
    byAddress.address = ip("198.18.0.52");
    byAddress.hardwareAddress = mac("02:00:00:00:00:99");
    f.view.reserveLease(byAddress);
    QVERIFY(
        f.view.message().contains(QStringLiteral("198.18.0.52 is already reserved for printer")));
    QCOMPARE(f.view.filterModel()->mapToSource(f.view.table()->currentIndex()).row(), 2);
    QCOMPARE(f.view.model()->rowCount(), 3);
    QCOMPARE(edits.size(), 0);

    // A lease of another subnet: the row keeps what fits, the reason is shown, nothing leaves.
    Lease elsewhere;
    elsewhere.address = ip("10.0.0.5");
    elsewhere.hardwareAddress = mac("02:00:00:00:00:98");
    elsewhere.hostname = QStringLiteral("visitor");
    f.view.reserveLease(elsewhere);
    QVERIFY2(f.view.message().contains(QStringLiteral("10.0.0.5 is outside the subnet")),
             qPrintable(f.view.message()));
    QCOMPARE(f.view.model()->rowCount(), 4);
    QVERIFY(f.view.model()->isDraft(3));
    QCOMPARE(f.view.model()->reservationAt(3).hostname, QStringLiteral("visitor"));
    QCOMPARE(edits.size(), 0);

    // A click on the address map selects the reservation, even under a search.
    f.view.searchEdit()->setText(QStringLiteral("printer"));
    QVERIFY(f.view.selectAddress(ip("198.18.0.51")));
    QCOMPARE(f.view.filterModel()->mapToSource(f.view.table()->currentIndex()).row(), 1);
    QVERIFY(!f.view.selectAddress(ip("198.18.0.99")));
}

void TestReservationsView::deletesAndTogglesSelectedRows()
{
    Fixture f;
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    auto *selection = f.view.table()->selectionModel();
    const auto rows = QItemSelectionModel::Select | QItemSelectionModel::Rows;
    selection->select(f.view.filterModel()->index(0, 0), rows);
    selection->select(f.view.filterModel()->index(1, 0), rows);
    f.view.toggleEnabledOfSelected(); // node2 is disabled: both get enabled
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Enable 2 reservations"));
    QVERIFY(lastList(edits).at(1).enabled);
    f.view.toggleEnabledOfSelected();
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Disable 2 reservations"));
    QVERIFY(!lastList(edits).at(0).enabled && !lastList(edits).at(1).enabled);

    f.view.deleteSelected();
    QCOMPARE(edits.size(), 3);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Delete 2 reservations"));
    QCOMPARE(lastList(edits).size(), 1);
    QCOMPARE(lastList(edits).at(0).hostname, QStringLiteral("printer"));
}

void TestReservationsView::csvRoundTrip()
{
    Fixture f;
    const QByteArray csv = f.view.exportCsv();
    ReservationsView other;
    Scope empty = labScope();
    empty.reservations.clear();
    other.setScope(empty);
    QSignalSpy edits(&other, &ReservationsView::reservationsEdited);
    QCOMPARE(other.importCsv(csv), QString());
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Import 3 reservations from CSV"));
    QCOMPARE(lastList(edits), labScope().reservations);
    QCOMPARE(other.model()->reservations(), labScope().reservations);
    QCOMPARE(other.exportCsv(), csv);
}

void TestReservationsView::brokenCsvImportsNothingAndNamesRowAndColumn()
{
    Fixture f;
    QSignalSpy edits(&f.view, &ReservationsView::reservationsEdited);
    // Parse errors come from ReservationCsv by line.
    const QString syntax = f.view.importCsv("mac,ip,hostname\n02:00:00:00:00:0z,198.18.0.9,a\n");
    QVERIFY2(syntax.contains(QStringLiteral("line 2:")), qPrintable(syntax));
    QVERIFY(syntax.contains(QStringLiteral("02:00:00:00:00:0z")));
    // Scope checks name line and column; every problem is listed, in order.
    const QByteArray csv = "mac,ip,hostname,description\n"
                           "02:00:00:00:00:0a,198.18.0.9,a,\"two\nlines\"\n"
                           "02:00:00:00:00:0b,10.1.2.3,ok,\n"
                           "02:00:00:00:00:0a,198.18.0.10,dup,\n";
    const QString why = f.view.importCsv(csv);
    QVERIFY2(why.contains(QStringLiteral("2 problems")), qPrintable(why));
    QVERIFY(why.contains(QStringLiteral("line 4, column ip: 10.1.2.3 is outside the subnet")));
    QVERIFY(why.contains(
        QStringLiteral("line 5, column mac: 02:00:00:00:00:0a is already reserved by row 1 (a)")));
    QCOMPARE(f.view.message(), why);
    QCOMPARE(edits.size(), 0);
    QCOMPARE(f.view.model()->reservations(), labScope().reservations);
}

void TestReservationsView::labelsAddEditAndRefuseBadMacs()
{
    Fixture f;
    DeviceLabelsView *labels = f.view.labelsView();
    DeviceLabelModel *model = labels->model();
    QSignalSpy edits(&f.view, &ReservationsView::deviceLabelsEdited);
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QCOMPARE(model->rowCount(), 2);

    labels->addLabel();
    QVERIFY(!model->setData(model->index(2, DeviceLabelModel::Mac), QStringLiteral("02:00:zz")));
    QVERIFY(labels->message().contains(QStringLiteral("\"02:00:zz\" is not a MAC address")));
    QVERIFY(!model->setData(model->index(2, DeviceLabelModel::Mac),
                            QStringLiteral("02-00-00-00-00-21")));
    QVERIFY(labels->message().contains(QStringLiteral("already has the label \"bench PSU\"")));
    QVERIFY(model->setData(model->index(2, DeviceLabelModel::Mac),
                           QStringLiteral("02-00-00-00-00-23")));
    QCOMPARE(edits.size(), 0); // no name yet
    QVERIFY(model->setData(model->index(2, DeviceLabelModel::Name), QStringLiteral("switch")));
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Add label \"switch\""));
    auto list = edits.last().at(0).value<QList<DeviceLabel>>();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.last(), (DeviceLabel{mac("02:00:00:00:00:23"), QStringLiteral("switch")}));

    QVERIFY(model->setData(model->index(0, DeviceLabelModel::Name), QStringLiteral("PSU 2")));
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Rename label of 02:00:00:00:00:21"));
    QVERIFY(!model->setData(model->index(0, DeviceLabelModel::Name), QString()));
    QVERIFY(!model->setData(model->index(0, DeviceLabelModel::Name), QStringLiteral("a\nb")));
    QCOMPARE(edits.size(), 2);

    // The round trip changes nothing; a different list is shown.
    f.view.setDeviceLabels(edits.last().at(0).value<QList<DeviceLabel>>());
    QCOMPARE(resets.size(), 0);
    f.view.setDeviceLabels(someLabels());
    QCOMPARE(resets.size(), 1);

    labels->table()->selectRow(0);
    labels->deleteSelected();
    QCOMPARE(edits.size(), 3);
    QCOMPARE(edits.last().at(1).toString(), QStringLiteral("Delete label \"bench PSU\""));
    QCOMPARE(edits.last().at(0).value<QList<DeviceLabel>>(), someLabels().mid(1));
}

void TestReservationsView::screenshot()
{
    Fixture f;
    f.view.resize(1100, 700);
    f.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    f.view.addReservation();
    QVERIFY(!f.setCell(0, ReservationModel::Macs, QStringLiteral("02:00:00:00:00")));
    f.view.table()->setFocus();
    const QString path = QDir(QCoreApplication::applicationDirPath())
                             .filePath(QStringLiteral("reservationsview.png"));
    QVERIFY(f.view.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(TestReservationsView)
#include "tst_reservationsview.moc"
