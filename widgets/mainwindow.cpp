#include "widgets/mainwindow.h"

#include "core/version.h"
#include "widgets/addressmapview.h"
#include "widgets/clientdiagnosisview.h"
#include "widgets/configurationbar.h"
#include "widgets/configurationdocument.h"
#include "widgets/configurationfiles.h"
#include "widgets/conflictsview.h"
#include "widgets/historyview.h"
#include "widgets/leasesview.h"
#include "widgets/leasetablemodel.h"
#include "widgets/newscopedialog.h"
#include "widgets/packetdecoderview.h"
#include "widgets/reservationsview.h"
#include "widgets/rogueserversview.h"
#include "widgets/scopeeditor.h"
#include "widgets/scopelistmodel.h"
#include "widgets/servercontrolview.h"
#include "widgets/serversettingseditor.h"
#include "widgets/statisticsview.h"
#include "widgets/testclientview.h"
#include "widgets/trafficview.h"
#include "widgets/transactionmodel.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");

QDockWidget *dock(const QString &title, const QString &name, QWidget *content, QWidget *parent)
{
    auto *d = new QDockWidget(title, parent);
    d->setObjectName(name); // saveState() finds docks by object name
    d->setWidget(content);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    return d;
}

QStyle::StandardPixmap severityIcon(NetworkEvent::Severity severity)
{
    switch (severity) {
    case NetworkEvent::Severity::Info: return QStyle::SP_MessageBoxInformation;
    case NetworkEvent::Severity::Warning: return QStyle::SP_MessageBoxWarning;
    case NetworkEvent::Severity::Critical: return QStyle::SP_MessageBoxCritical;
    }
    return QStyle::SP_MessageBoxInformation;
}

// Each socket that could not be opened says why and repeats how to grant the rights; the
// banner lists the reasons and names the command once.
QString bannerText(const QStringList &problems)
{
    static const QRegularExpression hint(
        QStringLiteral("\\s*Run as root, or grant the capabilities: (sudo setcap \\S+ \\S+)"));
    QString command;
    QStringList reasons;
    for (QString p : problems) {
        if (const QRegularExpressionMatch m = hint.match(p); m.hasMatch()) {
            command = m.captured(1);
            p.remove(m.capturedStart(), m.capturedLength());
        }
        reasons << QStringLiteral("• ") + p;
    }
    if (reasons.isEmpty())
        reasons << QObject::tr("• there is no socket for port 67");
    QString text = QObject::tr("LeaseDesk is not serving DHCP; configuration and leases can still "
                               "be edited.\n%1")
                       .arg(reasons.join(QLatin1Char('\n')));
    if (!command.isEmpty())
        text += QObject::tr("\nGrant the two network rights once (the window never needs to run "
                            "as root):\n    %1")
                    .arg(command);
    return text;
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("LeaseDesk %1").arg(applicationVersion()));
    setWindowIcon(QIcon(QStringLiteral(":/leasedesk/icons/leasedesk.svg")));

    m_document = new ConfigurationDocument(this);
    buildTabs();
    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("privilegeBanner"));
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse); // the command is copied
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #3b2f00; "
                                           "border-bottom: 1px solid #e0c060; padding: 8px; }"));
    m_banner->hide();
    auto *central = new QWidget;
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_banner);
    m_configurationBar = new ConfigurationBar(m_document);
    m_configurationBar->setObjectName(QStringLiteral("configurationBar"));
    m_configurationBar->hide();
    column->addWidget(m_configurationBar);
    column->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_scopeModel = new ScopeListModel(this);
    m_scopeList = new QTreeView;
    m_scopeList->setObjectName(QStringLiteral("scopeList"));
    m_scopeList->setModel(m_scopeModel);
    m_scopeList->setRootIsDecorated(false);
    m_scopeList->setUniformRowHeights(true);
    m_scopeList->setAllColumnsShowFocus(true);
    // Without padding the right-aligned percentage runs into the state beside it.
    m_scopeList->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 6px; }"));
    m_scopeList->header()->setStretchLastSection(false);
    m_scopeList->header()->setSectionResizeMode(ScopeListModel::Name, QHeaderView::Stretch);
    for (int c : {ScopeListModel::Subnet, ScopeListModel::Utilisation, ScopeListModel::State})
        m_scopeList->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    addDockWidget(Qt::LeftDockWidgetArea,
                  dock(tr("Scopes"), QStringLiteral("scopesDock"), m_scopeList, this));

    m_events = new QListWidget;
    m_events->setObjectName(QStringLiteral("events"));
    m_events->setWordWrap(true);
    m_events->setUniformItemSizes(false);
    m_events->setSpacing(1);
    addDockWidget(Qt::BottomDockWidgetArea,
                  dock(tr("Events"), QStringLiteral("eventsDock"), m_events, this));
    // The bottom dock spans under the scope list too, so the event lines get the full width.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);

    m_serving = new QLabel(tr("Starting…"), this);
    m_serving->setObjectName(QStringLiteral("servingStatus"));
    m_serving->setWordWrap(true);
    m_leaseCounts = new QLabel(this);
    m_leaseCounts->setObjectName(QStringLiteral("leaseCounts"));
    m_database = new QLabel(this);
    m_database->setObjectName(QStringLiteral("databaseSummary"));
    m_database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rate = new QLabel(this);
    m_rate->setObjectName(QStringLiteral("packetRate"));
    statusBar()->addWidget(m_serving, 1);
    statusBar()->addPermanentWidget(m_rate);
    statusBar()->addPermanentWidget(m_leaseCounts);
    statusBar()->addPermanentWidget(m_database);

    m_files = new ConfigurationFiles(m_document, this);
    connectViews();
    auto *rateTimer = new QTimer(this);
    connect(rateTimer, &QTimer::timeout, this, &MainWindow::updateRate);
    rateTimer->start(1000);
    updateRate();

    buildActions();
    buildToolBar();
    resize(1100, 720);
    resizeDocks({findChild<QDockWidget *>(QStringLiteral("scopesDock"))}, {280}, Qt::Horizontal);
    resizeDocks({findChild<QDockWidget *>(QStringLiteral("eventsDock"))}, {140}, Qt::Vertical);
    QSettings settings;
    restoreGeometry(settings.value(GeometryKey).toByteArray());
    restoreState(settings.value(StateKey).toByteArray());
    leasesChanged();
    updateTabTitles();
}

void MainWindow::buildTabs()
{
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_leases = new LeasesView(m_tabs);
    m_map = new AddressMapView;
    m_map->setObjectName(QStringLiteral("addressMap"));
    // A /24 at its minimum cell size is taller than a small window: scroll, do not clip.
    auto *mapScroll = new QScrollArea(m_tabs);
    mapScroll->setWidget(m_map);
    mapScroll->setWidgetResizable(true);
    mapScroll->setFrameShape(QFrame::NoFrame);
    m_scopeEditor = new ScopeEditor(m_document, m_tabs);
    m_reservations = new ReservationsView(m_tabs);
    // Server control above the server-wide settings: what runs, then how it behaves.
    auto *server = new QWidget(m_tabs);
    server->setObjectName(QStringLiteral("serverTab"));
    auto *serverColumn = new QVBoxLayout(server);
    serverColumn->setContentsMargins(0, 0, 0, 0);
    m_control = new ServerControlView(server);
    m_settingsEditor = new ServerSettingsEditor(m_document, server);
    serverColumn->addWidget(m_control);
    serverColumn->addWidget(m_settingsEditor, 1);
    m_conflicts = new ConflictsView(m_tabs);
    m_servers = new RogueServersView(m_tabs);
    m_decoder = new PacketDecoderView(m_tabs);
    m_traffic = new TrafficView(m_tabs);
    m_traffic->setObjectName(QStringLiteral("traffic"));
    m_statistics = new StatisticsView(m_tabs);
    m_statistics->setObjectName(QStringLiteral("statistics"));
    m_history = new HistoryView(m_tabs);
    m_history->setObjectName(QStringLiteral("history"));
    // "Why didn't this client get an address?" beside the test client that asks the server.
    auto *troubleshoot = new QSplitter(Qt::Horizontal, m_tabs);
    troubleshoot->setObjectName(QStringLiteral("troubleshootTab"));
    m_diagnosis = new ClientDiagnosisView(m_traffic->transactionModel(), troubleshoot);
    m_testClient = new TestClientView;
    // The form is tall; it scrolls rather than set the window's smallest height.
    auto *testScroll = new QScrollArea(troubleshoot);
    testScroll->setWidget(m_testClient);
    testScroll->setWidgetResizable(true);
    testScroll->setFrameShape(QFrame::NoFrame);
    troubleshoot->addWidget(m_diagnosis);
    troubleshoot->addWidget(testScroll);
    troubleshoot->setStretchFactor(0, 2);
    troubleshoot->setStretchFactor(1, 3);
    troubleshoot->setSizes({400, 600}); // proportions: the test client's form and its answer
    m_tabs->addTab(m_leases, tr("Leases"));
    m_tabs->addTab(m_traffic, tr("Traffic"));
    m_tabs->addTab(m_statistics, tr("Statistics"));
    m_tabs->addTab(mapScroll, tr("Address map"));
    m_tabs->addTab(m_scopeEditor, tr("Scope"));
    m_tabs->addTab(m_reservations, tr("Reservations"));
    m_tabs->addTab(server, tr("Server"));
    m_tabs->addTab(m_conflicts, tr("Conflicts"));
    m_tabs->addTab(m_servers, tr("Other DHCP servers"));
    m_tabs->addTab(m_history, tr("History"));
    m_tabs->addTab(troubleshoot, tr("Troubleshoot"));
    m_tabs->addTab(m_decoder, tr("Packet decoder"));
}

void MainWindow::connectViews()
{
    connect(m_scopeList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectScopeIndex(current.row()); });
    connect(m_conflicts, &ConflictsView::reclaimRequested, this, &MainWindow::reclaimRequested);
    connect(m_conflicts, &ConflictsView::countChanged, this, &MainWindow::updateTabTitles);
    connect(m_servers, &RogueServersView::checkRequested, this, &MainWindow::rogueCheckRequested);
    connect(m_testClient, &TestClientView::testRequested, this, &MainWindow::testRequested);
    connect(m_traffic, &TrafficView::reported, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_diagnosis, &ClientDiagnosisView::transactionActivated, this, [this](quint64 id) {
        m_tabs->setCurrentWidget(m_traffic);
        m_traffic->selectTransaction(id);
    });
    // The explanation reads the leases as they are when the admin looks, not on every change.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_diagnosis->parentWidget())
            m_diagnosis->setLeases(m_leases->leaseModel()->leases());
    });
    connect(m_document, &ConfigurationDocument::configurationChanged, this,
            &MainWindow::documentChanged);
    connect(m_configurationBar, &ConfigurationBar::applyRequested, this,
            &MainWindow::applyRequested);
    // The bar is there when there is something to apply, not as a permanent "nothing to do".
    connect(m_document, &ConfigurationDocument::modifiedChanged, m_configurationBar,
            &QWidget::setVisible);
    connect(m_document, &ConfigurationDocument::modifiedChanged, this,
            &MainWindow::updateApplyActions);
    connect(m_leases, &LeasesView::releaseRequested, this, &MainWindow::releaseRequested);
    connect(m_leases, &LeasesView::deleteRequested, this, &MainWindow::deleteRequested);
    connect(m_leases, &LeasesView::historyWanted, this, &MainWindow::historyWanted);
    connect(m_history, &HistoryView::historyWanted, this, &MainWindow::historyWanted);
    connect(m_statistics, &StatisticsView::historyWanted, this, &MainWindow::statisticsWanted);
    // The past clients are those without a lease as the admin opens the tab.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_history)
            m_history->setLeases(m_leases->leaseModel()->leases());
    });
    connect(m_leases, &LeasesView::reserveRequested, this, [this](const Lease &lease) {
        // The reservation belongs to the scope the address lies in, whichever scope was on
        // show (an old lease may still carry a scope name since renamed).
        const QList<Scope> &scopes = m_document->configuration().scopes;
        int index = m_document->scopeIndex(lease.scope);
        for (int i = 0; i < scopes.size() && index < 0; ++i)
            if (scopes.at(i).containsAddress(lease.address))
                index = i;
        if (index < 0) {
            statusBar()->showMessage(
                tr("%1 lies in no scope; add a scope for it before reserving it")
                    .arg(QString::fromStdString(lease.address.toString())),
                10000);
            return;
        }
        selectScopeIndex(index);
        m_tabs->setCurrentWidget(m_reservations);
        m_reservations->reserveLease(lease);
    });
    connect(m_reservations, &ReservationsView::reservationsEdited, this,
            [this](const QList<Reservation> &reservations, const QString &text) {
                m_document->setReservations(m_selectedIndex, reservations, text);
            });
    connect(m_reservations, &ReservationsView::deviceLabelsEdited, m_document,
            &ConfigurationDocument::setDeviceLabels);
    connect(m_map, &AddressMapView::addressClicked, this, &MainWindow::showAddress);
    connect(m_control, &ServerControlView::servingRequested, this, &MainWindow::servingRequested);
    connect(m_control, &ServerControlView::interfacesChosen, this, &MainWindow::interfacesChosen);
    connect(m_files, &ConfigurationFiles::reported, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *create = file->addAction(tr("&New scope…"), this, &MainWindow::newScope);
    create->setShortcut(QKeySequence::New);
    create->setObjectName(QStringLiteral("newScopeAction"));
    file->addSeparator();
    m_files->addActions(file);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    // Ctrl+Q everywhere: the platform's Quit binding is empty on some themes.
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undoAction"));
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setObjectName(QStringLiteral("redoAction"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    // Ctrl+S: what "save" means here is "make the engine run it".
    m_apply = edit->addAction(tr("&Apply changes"), this, [this] {
        if (m_apply->isEnabled())
            emit applyRequested(m_document->configuration());
    });
    m_apply->setShortcut(QKeySequence::Save);
    m_apply->setObjectName(QStringLiteral("applyAction"));
    m_revert = edit->addAction(tr("Re&vert changes"), m_document, &ConfigurationDocument::revert);
    m_revert->setObjectName(QStringLiteral("revertAction"));
    updateApplyActions();
    edit->addSeparator();
    QAction *remove = edit->addAction(tr("Remove &scope…"), this, &MainWindow::removeSelectedScope);
    remove->setObjectName(QStringLiteral("removeScopeAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *find = view->addAction(tr("&Find lease…"), this, [this] {
        m_tabs->setCurrentWidget(m_leases);
        m_leases->focusFilter();
    });
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    find->setObjectName(QStringLiteral("findLeaseAction"));
    view->addSeparator();
    for (auto *d : findChildren<QDockWidget *>())
        view->addAction(d->toggleViewAction());

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    m_startStop = server->addAction(tr("Stop serving"), this,
                                    [this] { emit servingRequested(!m_servingState.serving); });
    m_startStop->setObjectName(QStringLiteral("startStopAction"));
    m_startStop->setEnabled(false); // until the engine says what it can do
    server->addAction(tr("&Check for other DHCP servers"), this, &MainWindow::rogueCheckRequested);
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar")); // saveState() finds it by name
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    auto find = [this](const char *name) {
        return findChild<QAction *>(QLatin1String(name));
    };
    QAction *create = find("newScopeAction");
    create->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    bar->addAction(create);
    bar->addSeparator();
    QAction *undo = find("undoAction");
    undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    QAction *redo = find("redoAction");
    redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    bar->addAction(undo);
    bar->addAction(redo);
    m_apply->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
    bar->addAction(m_apply);
    bar->addSeparator();
    bar->addAction(m_startStop);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::showEngineStatus(const EngineStatus &status)
{
    m_status = status;
    m_statusKnown = true;
    const QString revision = status.configurationRevision > 0
        ? tr("configuration revision %1").arg(status.configurationRevision)
        : tr("no configuration yet");
    const QString scopes = status.scopes == 1 ? tr("1 scope") : tr("%1 scopes").arg(status.scopes);
    const QString leases = status.leases == 1 ? tr("1 lease") : tr("%1 leases").arg(status.leases);
    // Without the rights the console still edits configuration and leases; the banner says
    // what is missing and the exact command that grants it (the sentences carry it).
    m_banner->setVisible(!status.serving && !status.simulated);
    if (!status.serving && !status.simulated)
        m_banner->setText(bannerText(status.problems));
    if (status.simulated) {
        // Nothing of the lab is on disk or on the wire: say so, so nobody mistakes it.
        m_database->setText(tr("%1 · nothing is stored").arg(status.databaseFile));
        m_serving->setText(tr("Simulated lab: no network is touched"));
        m_serving->setToolTip(tr("Start without --simulate to serve a real network."));
        return;
    }
    m_database->setText(
        tr("Database: %1 · %2 · %3 · %4").arg(status.databaseFile, revision, scopes, leases));
    if (status.serving) {
        m_serving->setText(tr("Serving DHCP on every interface that has a scope"));
        m_serving->setToolTip({});
    } else {
        m_serving->setText(tr("Not serving (see the note above the tabs)"));
        m_serving->setToolTip(status.problems.join(QLatin1Char('\n')));
    }
}

void MainWindow::showProblem(const QString &message)
{
    statusBar()->showMessage(message, 15000);
}

// What the engine runs now. The editors work on the document, which follows the engine
// unless edits are pending; everything drawn from the configuration follows the document.
void MainWindow::showConfiguration(const Configuration &configuration)
{
    const QString shown = selectedScope();
    m_document->setApplied(configuration);
    m_statistics->setConfiguration(configuration);
    documentChanged(); // also when the document did not change: a first load draws
    // A configuration from elsewhere may order its scopes differently: follow the name.
    if (const int index = m_document->scopeIndex(shown); index >= 0 && index != m_selectedIndex)
        selectScopeIndex(index);
}

void MainWindow::updateApplyActions()
{
    const bool modified = m_document->isModified();
    m_apply->setEnabled(modified && !ConfigurationValidator::hasErrors(m_document->issues()));
    m_revert->setEnabled(modified);
}

void MainWindow::documentChanged()
{
    updateApplyActions();
    const Configuration &config = m_document->configuration();
    m_scopeModel->setScopes(config.scopes);
    m_scopeModel->setLeases(m_leases->leaseModel()->leases());
    m_servers->setConfiguration(config);
    m_reservations->setDeviceLabels(config.labels);
    QHash<QByteArray, QString> labels;
    for (const DeviceLabel &label : config.labels)
        labels.insert(label.mac, label.name);
    m_leases->leaseModel()->setDeviceLabels(labels);
    m_history->setDeviceLabels(labels);
    // The reset cleared the selection; stay on the scope being edited (a rename keeps its
    // place), else the last one (after a removal), so the editor is never blank without
    // reason.
    const qsizetype count = config.scopes.size();
    const int keep = m_selectedIndex;
    m_selectedIndex = -1;
    selectScopeIndex(count == 0 ? -1 : int(std::min<qsizetype>(std::max(keep, 0), count - 1)));
}

QString MainWindow::selectedScope() const
{
    const Scope *scope = selectedScopePtr();
    return scope ? scope->name : QString();
}

const Scope *MainWindow::selectedScopePtr() const
{
    const QList<Scope> &scopes = m_document->configuration().scopes;
    return m_selectedIndex >= 0 && m_selectedIndex < scopes.size() ? &scopes.at(m_selectedIndex)
                                                                   : nullptr;
}

void MainWindow::selectScope(const QString &name)
{
    selectScopeIndex(m_document->scopeIndex(name));
}

void MainWindow::selectScopeIndex(int index)
{
    if (index >= m_document->configuration().scopes.size())
        index = -1;
    if (index >= 0 && m_scopeList->currentIndex().row() != index)
        m_scopeList->setCurrentIndex(m_scopeModel->index(index, 0)); // comes back here
    m_selectedIndex = index;
    m_scopeEditor->setScopeIndex(index);
    m_files->setCurrentScope(index);
    if (index >= 0)
        m_reservations->setScope(m_document->configuration().scopes.at(index));
    m_reservations->setEnabled(index >= 0);
    updateAddressMap();
}

void MainWindow::newScope()
{
    auto *dialog =
        new NewScopeDialog(m_servingState.available, m_document->configuration().scopes, this);
    dialog->setObjectName(QStringLiteral("newScopeDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const bool pending = m_document->isModified();
        const Scope scope = dialog->scope();
        m_document->addScope(scope);
        selectScope(scope.name);
        // Created from a proposal the admin has just checked: serve it at once, unless other
        // edits are waiting, which must not be applied behind the admin's back.
        if (!pending && !ConfigurationValidator::hasErrors(m_document->issues())) {
            emit applyRequested(m_document->configuration());
            statusBar()->showMessage(tr("Scope %1 created and applied").arg(scope.name), 10000);
        } else {
            m_tabs->setCurrentWidget(m_scopeEditor);
        }
    });
    dialog->open();
}

void MainWindow::removeSelectedScope()
{
    const int index = m_selectedIndex;
    const Scope *scope = selectedScopePtr();
    if (!scope)
        return;
    // Undo brings it back, so a plain question is enough; its leases stay in the database.
    if (QMessageBox::question(this, tr("Remove scope"),
                              tr("Remove the scope %1 and its reservations? Nothing changes "
                                 "until you press Apply, and Undo brings it back.")
                                  .arg(scope->name))
        == QMessageBox::Yes)
        m_document->removeScope(index);
}

void MainWindow::showConfigurationSaved(qint64 revision, const QStringList &issues)
{
    if (revision > 0 && issues.isEmpty()) {
        statusBar()->showMessage(tr("Configuration revision %1 applied").arg(revision), 10000);
        return;
    }
    // Warnings come with a saved revision; a refusal has none. Either way the admin reads
    // every line (plain text: names come from the configuration).
    QMessageBox box(revision > 0 ? QMessageBox::Information : QMessageBox::Warning,
                    tr("Apply configuration"),
                    revision > 0 ? tr("Revision %1 applied, with warnings:\n%2")
                                       .arg(revision)
                                       .arg(issues.join(QLatin1Char('\n')))
                                 : tr("The engine refused the configuration; nothing changed:\n%1")
                                       .arg(issues.join(QLatin1Char('\n'))),
                    QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

void MainWindow::showLeases(const QList<Lease> &leases)
{
    m_leases->setLeases(leases);
    leasesChanged();
}

void MainWindow::applyLeaseChanges(const QList<Lease> &leases)
{
    m_leases->applyChanges(leases);
    m_conflicts->applyChanges(leases);
    leasesChanged();
}

// Everything derived from the whole lease list. Recounting is linear in the leases, which a
// lab's few thousand make cheap next to the batch that caused it.
void MainWindow::leasesChanged()
{
    const QList<Lease> all = m_leases->leaseModel()->leases();
    m_scopeModel->setLeases(all);
    const auto bound = std::count_if(all.begin(), all.end(),
                                     [](const Lease &l) { return l.state == LeaseState::Bound; });
    m_leaseCounts->setText(all.size() == 1
                               ? tr("%1 bound of 1 lease").arg(bound)
                               : tr("%1 bound of %2 leases").arg(bound).arg(all.size()));
    updateAddressMap();
}

void MainWindow::updateAddressMap()
{
    const Scope *scope = selectedScopePtr();
    m_map->setData(scope ? AddressMapData::fromScope(*scope, m_leases->leaseModel()->leases())
                         : AddressMapData{});
    m_map->setEnabled(scope != nullptr);
}

// A click on the map selects what is at that address: its lease, else its reservation.
void MainWindow::showAddress(Ipv4Address address)
{
    if (m_leases->selectAddress(address)) {
        m_tabs->setCurrentWidget(m_leases);
        return;
    }
    const Scope *scope = selectedScopePtr();
    if (!scope)
        return;
    for (const Reservation &r : scope->reservations)
        if (r.ip == address) {
            m_tabs->setCurrentWidget(m_reservations);
            m_reservations->selectAddress(address);
            return;
        }
}

void MainWindow::removeLeases(const QList<Ipv4Address> &addresses)
{
    m_leases->removeLeases(addresses);
    leasesChanged();
    // A reclaimed or deleted quarantine entry leaves the Conflicts tab too.
    emit networkStateWanted();
}

void MainWindow::showHistory(const HistoryQuery &query, const QList<LeaseHistoryEntry> &entries)
{
    if (!m_history->showHistory(query, entries))
        m_leases->showHistory(query, entries);
}

void MainWindow::showStatisticsSample(const StatisticsSample &sample)
{
    m_statistics->appendSample(sample);
}

void MainWindow::showStatistics(qint64 fromS, qint64 toS, const QList<StatisticsSample> &samples)
{
    m_statistics->setHistory(fromS, toS, samples);
}

void MainWindow::showServingState(const ServingState &state)
{
    m_servingState = state;
    m_control->showServingState(state);
    QStringList names;
    for (const NetworkInterfaceInfo &i : state.available)
        names.append(i.name);
    m_testClient->setInterfaces(m_status.simulated ? QStringList{QStringLiteral("sim0")} : names);
    // The banner is about rights and the port; a stop by the admin is not a problem.
    if (state.canServe)
        m_banner->hide();
    m_startStop->setEnabled(state.canServe);
    m_startStop->setText(state.serving ? tr("Stop serving") : tr("Start serving"));
    m_startStop->setIcon(
        style()->standardIcon(state.serving ? QStyle::SP_MediaStop : QStyle::SP_MediaPlay));
    if (m_status.simulated) // nothing of the lab is on the wire: keep saying so
        m_serving->setText(tr("Simulated lab, no network is touched · %1")
                               .arg(ServerControlView::stateText(state)));
    else
        m_serving->setText(ServerControlView::stateText(state));
    // First start: nothing to serve yet, so the guided flow comes to the admin, once.
    if (m_offerNewScope && m_statusKnown && !m_status.simulated
        && m_document->configuration().scopes.isEmpty()) {
        m_offerNewScope = false;
        newScope();
    }
}

void MainWindow::countPackets(const QList<PacketEvent> &events)
{
    m_rateMeter.add(QDateTime::currentMSecsSinceEpoch(), int(events.size()));
}

void MainWindow::takePackets(const QList<PacketEvent> &events, quint64 dropped)
{
    countPackets(events);
    m_traffic->appendEvents(events, dropped);
    m_testClient->takeEvents(events);
}

void MainWindow::updateRate()
{
    const double rate = m_rateMeter.perSecond(QDateTime::currentMSecsSinceEpoch());
    m_rate->setText(rate >= 10 || rate == 0 ? tr("%1 packets/s").arg(qRound(rate))
                                            : tr("%1 packets/s").arg(rate, 0, 'f', 1));
}

void MainWindow::showNetworkEvent(const NetworkEvent &event)
{
    addEventItem(event, false);
    if (event.kind == NetworkEvent::Kind::Conflict || event.kind == NetworkEvent::Kind::RogueServer)
        emit networkStateWanted();
}

void MainWindow::showEventHistory(const QList<NetworkEvent> &events)
{
    for (const NetworkEvent &event : events) // newest first: each goes under the ones shown
        addEventItem(event, true);
}

void MainWindow::addEventItem(const NetworkEvent &event, bool fromHistory)
{
    const QDateTime when = event.timeMs > 0 ? QDateTime::fromMSecsSinceEpoch(event.timeMs)
                                            : QDateTime::currentDateTime();
    const QString key =
        QStringLiteral("%1|%2|%3").arg(event.timeMs).arg(int(event.kind)).arg(event.text);
    if (m_eventKeys.contains(key) || (fromHistory && m_events->count() >= MaxEvents))
        return;
    m_eventKeys.insert(key);
    const bool today = when.date() == QDate::currentDate();
    // Plain text only: the summary carries hostnames and text from the wire.
    auto *item = new QListWidgetItem(
        style()->standardIcon(severityIcon(event.severity)),
        QStringLiteral("%1  %2").arg(
            when.toString(today ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm")),
            event.summary()));
    item->setToolTip(when.toString(Qt::ISODate));
    item->setData(Qt::UserRole, int(event.severity));
    item->setData(Qt::UserRole + 1, key);
    if (event.severity == NetworkEvent::Severity::Critical)
        item->setForeground(QColor(0xb0, 0x1c, 0x1c));
    if (fromHistory) // the history goes below what this session saw, in its own order
        m_events->addItem(item);
    else
        m_events->insertItem(0, item); // newest first
    while (m_events->count() > MaxEvents) {
        QListWidgetItem *last = m_events->takeItem(m_events->count() - 1);
        m_eventKeys.remove(last->data(Qt::UserRole + 1).toString());
        delete last;
    }
}

void MainWindow::showNetworkState(const QList<Lease> &quarantine, const QList<RogueServer> &servers)
{
    m_conflicts->setQuarantine(quarantine);
    m_servers->setServers(servers);
    updateTabTitles();
    // Their answers join the timeline's "Other servers" lane, each once.
    qint64 newest = m_otherServersShownMs;
    for (const RogueServer &server : servers) {
        if (server.timeMs <= m_otherServersShownMs || server.xid == 0)
            continue;
        m_traffic->transactionModel()->addOtherServerOffer(server, server.timeMs);
        newest = std::max(newest, server.timeMs);
    }
    m_otherServersShownMs = newest;
}

// Counts in the tab titles tell the admin there is something to look at without opening it.
void MainWindow::updateTabTitles()
{
    const int conflicts = m_conflicts->count();
    m_tabs->setTabText(m_tabs->indexOf(m_conflicts),
                       conflicts > 0 ? tr("Conflicts (%1)").arg(conflicts) : tr("Conflicts"));
    const int rogue = m_servers->rogueCount();
    m_tabs->setTabText(m_tabs->indexOf(m_servers),
                       rogue > 0 ? tr("Other DHCP servers (%1)").arg(rogue)
                                 : tr("Other DHCP servers"));
}

} // namespace leasedesk
