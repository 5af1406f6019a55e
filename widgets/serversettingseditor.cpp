#include "widgets/serversettingseditor.h"

#include "widgets/configurationdocument.h"
#include "widgets/fieldtext.h"
#include "widgets/formbinder.h"

#include <QGroupBox>
#include <QScrollArea>
#include <QVBoxLayout>

#include <climits>

namespace leasedesk {

namespace {

QFormLayout *newForm(QGroupBox *box)
{
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    return form;
}

} // namespace

ServerSettingsEditor::ServerSettingsEditor(ConfigurationDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document)
{
    FormBinder<ServerSettings>::Hooks hooks;
    hooks.current = [this] {
        return &m_document->configuration().server;
    };
    hooks.commit = [this](const ServerSettings &s, const QString &what) {
        m_document->setServerSettings(s, tr("Change %1").arg(what));
    };
    hooks.issuesFor = [this](const QString &key) {
        return m_document->issuesFor(QStringLiteral("server.") + key);
    };
    m_binder = std::make_unique<FormBinder<ServerSettings>>(std::move(hooks));

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->addWidget(buildGeneral());
    column->addWidget(buildConflicts());
    column->addWidget(buildRogue());
    column->addWidget(buildStatistics());
    column->addStretch();
    m_binder->alignCaptions();
    // Short fields read badly stretched over a wide window.
    content->setMaximumWidth(720);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    scroll->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_document, &ConfigurationDocument::configurationChanged, this,
            [this] { refresh(false); });
    refresh(true);
}

ServerSettingsEditor::~ServerSettingsEditor() = default;

QGroupBox *ServerSettingsEditor::buildGeneral()
{
    auto *box = new QGroupBox(tr("Server"));
    QFormLayout *form = newForm(box);
    QCheckBox *authoritative = m_binder->addCheck(
        form, tr("Unknown clients:"), tr("&Authoritative: answer them with NAK"),
        QStringLiteral("authoritative"), tr("authoritative"),
        [](const ServerSettings &s) { return s.authoritative; },
        [](ServerSettings &s, bool on) { s.authoritative = on; });
    authoritative->setToolTip(tr("A client asking for an address this server has no record "
                                 "of is told NAK at once instead of being ignored."));
    m_binder->addSpin(
        form, tr("&Offer hold:"), QStringLiteral("offer_hold_s"), tr("offer hold"), 0, INT_MAX,
        tr(" s"), [](const ServerSettings &s) { return qint64(s.offerHoldS); },
        [](ServerSettings &s, int v) { s.offerHoldS = quint32(v); });
    m_binder->addSpin(
        form, tr("&Decline quarantine:"), QStringLiteral("decline_quarantine_s"),
        tr("decline quarantine"), 0, INT_MAX, tr(" s"),
        [](const ServerSettings &s) { return qint64(s.declineQuarantineS); },
        [](ServerSettings &s, int v) { s.declineQuarantineS = quint32(v); });
    return box;
}

QGroupBox *ServerSettingsEditor::buildConflicts()
{
    auto *box = new QGroupBox(tr("Conflict detection"));
    QFormLayout *form = newForm(box);
    m_binder->addCheck(
        form, tr("Probe:"), tr("&Probe an address before offering it"),
        QStringLiteral("conflict_detection.enabled"), tr("conflict detection"),
        [](const ServerSettings &s) { return s.conflictDetection.enabled; },
        [](ServerSettings &s, bool on) { s.conflictDetection.enabled = on; });
    // In ProbeMethod order.
    m_binder->addCombo(
        form, tr("&Method:"), QStringLiteral("conflict_detection.method"), tr("probe method"),
        {tr("ICMP echo (ping)"), tr("ARP request"), tr("Both")},
        [](const ServerSettings &s) { return int(s.conflictDetection.method); },
        [](ServerSettings &s, int i) { s.conflictDetection.method = ProbeMethod(i); });
    m_binder->addSpin(
        form, tr("A&ttempts:"), QStringLiteral("conflict_detection.attempts"), tr("probe attempts"),
        0, 99, QString(),
        [](const ServerSettings &s) { return qint64(s.conflictDetection.attempts); },
        [](ServerSettings &s, int v) { s.conflictDetection.attempts = v; });
    m_binder->addSpin(
        form, tr("T&imeout:"), QStringLiteral("conflict_detection.timeout_ms"), tr("probe timeout"),
        0, 600000, tr(" ms"),
        [](const ServerSettings &s) { return qint64(s.conflictDetection.timeoutMs); },
        [](ServerSettings &s, int v) { s.conflictDetection.timeoutMs = v; });
    return box;
}

QGroupBox *ServerSettingsEditor::buildRogue()
{
    auto *box = new QGroupBox(tr("Other DHCP servers"));
    QFormLayout *form = newForm(box);
    m_binder->addCheck(
        form, tr("Detection:"), tr("&Look for other DHCP servers"),
        QStringLiteral("rogue_detection.enabled"), tr("rogue server detection"),
        [](const ServerSettings &s) { return s.rogueDetection.enabled; },
        [](ServerSettings &s, bool on) { s.rogueDetection.enabled = on; });
    QSpinBox *interval = m_binder->addSpin(
        form, tr("I&nterval:"), QStringLiteral("rogue_detection.interval_s"),
        tr("rogue check interval"), 0, INT_MAX, tr(" s"),
        [](const ServerSettings &s) { return qint64(s.rogueDetection.intervalS); },
        [](ServerSettings &s, int v) { s.rogueDetection.intervalS = quint32(v); });
    interval->setSpecialValueText(tr("only at start and on demand"));
    m_binder->addSpin(
        form, tr("Li&sten for:"), QStringLiteral("rogue_detection.listen_s"),
        tr("rogue check listening time"), 0, 3600, tr(" s"),
        [](const ServerSettings &s) { return qint64(s.rogueDetection.listenS); },
        [](ServerSettings &s, int v) { s.rogueDetection.listenS = quint32(v); });
    QLineEdit *allowed = m_binder->addLine(
        form, tr("&Known servers:"), QStringLiteral("rogue_detection.allowed"),
        tr("known DHCP servers"),
        [](const ServerSettings &s) { return fieldtext::list(s.rogueDetection.allowed); },
        [](const QString &text, ServerSettings &s, QString *why) {
            return fieldtext::parseAddressOrMacList(text, &s.rogueDetection.allowed, why);
        });
    allowed->setPlaceholderText(tr("none; IPv4 or MAC addresses, separated by commas"));
    return box;
}

// Issue 8: how often the sampler runs and when utilization and declines become alerts.
QGroupBox *ServerSettingsEditor::buildStatistics()
{
    auto *box = new QGroupBox(tr("Statistics and alerts"));
    QFormLayout *form = newForm(box);
    m_binder->addSpin(
        form, tr("Sa&mple every:"), QStringLiteral("statistics.interval_s"),
        tr("statistics interval"), 1, 3600, tr(" s"),
        [](const ServerSettings &s) { return qint64(s.statistics.intervalS); },
        [](ServerSettings &s, int v) { s.statistics.intervalS = quint32(v); });
    m_binder->addSpin(
        form, tr("&Warning at:"), QStringLiteral("statistics.warning_percent"),
        tr("utilization warning"), 1, 100, tr(" % used"),
        [](const ServerSettings &s) { return qint64(s.statistics.warningPercent); },
        [](ServerSettings &s, int v) { s.statistics.warningPercent = v; });
    m_binder->addSpin(
        form, tr("C&ritical at:"), QStringLiteral("statistics.critical_percent"),
        tr("utilization critical level"), 1, 100, tr(" % used"),
        [](const ServerSettings &s) { return qint64(s.statistics.criticalPercent); },
        [](ServerSettings &s, int v) { s.statistics.criticalPercent = v; });
    QSpinBox *storm = m_binder->addSpin(
        form, tr("Decline &storm:"), QStringLiteral("statistics.decline_storm_count"),
        tr("decline storm count"), 0, 100000, tr(" DECLINEs"),
        [](const ServerSettings &s) { return qint64(s.statistics.declineStormCount); },
        [](ServerSettings &s, int v) { s.statistics.declineStormCount = v; });
    storm->setSpecialValueText(tr("never alert"));
    m_binder->addSpin(
        form, tr("…wi&thin:"), QStringLiteral("statistics.decline_storm_window_s"),
        tr("decline storm window"), 1, 86400, tr(" s"),
        [](const ServerSettings &s) { return qint64(s.statistics.declineStormWindowS); },
        [](ServerSettings &s, int v) { s.statistics.declineStormWindowS = quint32(v); });
    return box;
}

void ServerSettingsEditor::refresh(bool force)
{
    m_binder->load(m_document->configuration().server, force);
    m_binder->showIssues();
}

} // namespace leasedesk
