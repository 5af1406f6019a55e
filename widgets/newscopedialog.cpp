#include "widgets/newscopedialog.h"
#include "core/packetio.h"

#include "core/configurationvalidator.h"
#include "widgets/scopeproposal.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace leasedesk {

namespace {

const QString ErrorStyle = QStringLiteral("QLabel { color: #a4262c; }");
const QString WarningStyle = QStringLiteral("QLabel { color: #7a5200; }");

std::optional<Ipv4Address> parseAddress(const QString &text)
{
    return Ipv4Address::fromString(text.trimmed().toStdString());
}

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

// Hints are quieter than the messages, which are what the admin must act on.
void mute(QLabel *label)
{
    QPalette muted = label->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    label->setPalette(muted);
}

// Which field a validator path of the new scope belongs to ("scopes[2].ranges[0].end").
int fieldForPath(const QString &rest)
{
    if (rest == QLatin1String(".name"))
        return NewScopeDialog::Name;
    if (rest == QLatin1String(".subnet"))
        return NewScopeDialog::Subnet;
    if (rest == QLatin1String(".ranges[0].start") || rest == QLatin1String(".ranges"))
        return NewScopeDialog::RangeStart;
    if (rest.startsWith(QLatin1String(".ranges[0]")))
        return NewScopeDialog::RangeEnd;
    if (rest == QLatin1String(".router"))
        return NewScopeDialog::Router;
    if (rest.startsWith(QLatin1String(".dns")))
        return NewScopeDialog::Dns;
    return -1;
}

} // namespace

// What one round of checking found, by field; general holds what belongs to no field.
struct NewScopeDialog::Messages
{
    std::array<QStringList, FieldCount> errors;
    std::array<QStringList, FieldCount> warnings;
    QStringList generalErrors;
    QStringList generalWarnings;
    bool blocked = false; // an error, or a required field still empty

    void error(Field f, const QString &text)
    {
        blocked = true;
        errors[f] << text;
    }
};

NewScopeDialog::NewScopeDialog(const QList<NetworkInterfaceInfo> &interfaces,
                               const QList<Scope> &existing, QWidget *parent)
    : QDialog(parent), m_usable(usableInterfaces(interfaces)), m_existing(existing)
{
    setWindowTitle(tr("New scope"));
    m_base.name = ScopeProposal::uniqueName(QStringLiteral("lab"), existing);
    m_base.leaseTime = ScopeProposal::DefaultLeaseTime;

    auto *intro = wrappedLabel(tr("LeaseDesk proposes a scope from the address of the interface "
                                  "you choose. Check it, then press Create."),
                               this);
    m_note = wrappedLabel(QString(), this);
    m_note->setObjectName(QStringLiteral("proposalNote"));
    m_note->hide();
    m_general = wrappedLabel(QString(), this);
    m_general->setObjectName(QStringLiteral("generalMessages"));
    m_general->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_create = m_buttons->button(QDialogButtonBox::Ok);
    m_create->setText(tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(buildInterfacePicker());
    layout->addWidget(m_note);
    layout->addSpacing(fontMetrics().height() / 2); // the form apart from the choice above
    layout->addWidget(buildForm());
    layout->addWidget(m_general);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(560);

    fill(m_base);
    // One lab interface is the common case: propose at once. With several, the admin must
    // choose, since a scope on the office network would disturb that network's own server.
    if (m_usable.size() == 1)
        m_interfaces->setCurrentItem(m_interfaces->topLevelItem(0));
    revalidate();
}

QList<NetworkInterfaceInfo> NewScopeDialog::usableInterfaces(const QList<NetworkInterfaceInfo> &all)
{
    QList<NetworkInterfaceInfo> usable;
    for (const NetworkInterfaceInfo &i : all)
        if (i.up && !i.loopback && !i.address.isZero())
            usable << i;
    return usable;
}

QWidget *NewScopeDialog::buildInterfacePicker()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_interfaces = new QTreeWidget(box);
    m_interfaces->setObjectName(QStringLiteral("interfaceList"));
    m_interfaces->setHeaderLabels({tr("Interface"), tr("Address"), tr("MAC address")});
    m_interfaces->setRootIsDecorated(false);
    m_interfaces->setUniformRowHeights(true);
    for (const NetworkInterfaceInfo &i : m_usable) {
        const QString address =
            addressText(i.address) + QLatin1Char('/') + QString::number(i.prefixLength);
        auto *item = new QTreeWidgetItem(m_interfaces, {i.name, address, formatMac(i.mac)});
        item->setToolTip(0, tr("Propose a scope from %1").arg(address));
    }
    for (int c = 0; c < m_interfaces->columnCount(); ++c)
        m_interfaces->resizeColumnToContents(c);
    // As tall as its rows, up to four without scrolling: a lab machine rarely has more.
    const int rows = std::clamp(int(m_usable.size()), 2, 4);
    const int row = m_interfaces->fontMetrics().height() + 8;
    m_interfaces->setFixedHeight(m_interfaces->header()->sizeHint().height() + rows * row + 4);
    connect(m_interfaces, &QTreeWidget::currentItemChanged, this, &NewScopeDialog::chooseInterface);
    auto *none = wrappedLabel(tr("No interface is up with an IPv4 address, so there is nothing to "
                                 "propose from. Enter the scope by hand below, or bring the lab's "
                                 "interface up and open this dialog again."),
                              box);
    none->setObjectName(QStringLiteral("noInterfaceMessage"));
    // Several interfaces: one is likely the office or home network, whose own server a
    // second one would fight (clients take whichever answers first).
    auto *caution = wrappedLabel(tr("Choose the interface the lab's machines are plugged into, "
                                    "not the office or home network: that has a DHCP server "
                                    "already."),
                                 box);
    mute(caution);
    layout->addWidget(m_interfaces);
    layout->addWidget(caution);
    layout->addWidget(none);
    m_interfaces->setVisible(!m_usable.isEmpty());
    caution->setVisible(m_usable.size() > 1);
    none->setVisible(m_usable.isEmpty());
    return box;
}

void NewScopeDialog::makeField(Field f, const QString &placeholder, QWidget *parent)
{
    m_edits[f] = new QLineEdit(parent);
    m_edits[f]->setPlaceholderText(placeholder);
    m_messages[f] = wrappedLabel(QString(), parent);
    m_messages[f]->hide();
    connect(m_edits[f], &QLineEdit::textEdited, this, &NewScopeDialog::revalidate);
}

QWidget *NewScopeDialog::fieldWithMessage(Field f, const QString &placeholder, const QString &hint)
{
    auto *cell = new QWidget(this);
    auto *column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    makeField(f, placeholder, cell);
    column->addWidget(m_edits[f]);
    column->addWidget(m_messages[f]);
    if (!hint.isEmpty()) {
        auto *help = wrappedLabel(hint, cell);
        mute(help);
        column->addWidget(help);
    }
    return cell;
}

// Start and end side by side, their messages below at full width: the validator's
// sentences are too long for half a row.
QWidget *NewScopeDialog::rangeField()
{
    auto *cell = new QWidget(this);
    auto *edits = new QWidget(cell);
    makeField(RangeStart, tr("192.168.50.100"), cell);
    makeField(RangeEnd, tr("192.168.50.199"), cell);
    auto *row = new QHBoxLayout(edits);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_edits[RangeStart], 1);
    row->addWidget(new QLabel(tr("to"), edits));
    row->addWidget(m_edits[RangeEnd], 1);
    auto *column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(edits);
    column->addWidget(m_messages[RangeStart]);
    column->addWidget(m_messages[RangeEnd]);
    return cell;
}

QWidget *NewScopeDialog::buildForm()
{
    auto *form = new QWidget(this);
    auto *layout = new QFormLayout(form);
    m_form = layout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto addRow = [&](const QString &text, QWidget *field, Field buddy) {
        auto *label = new QLabel(text, form);
        label->setBuddy(m_edits[buddy]);
        layout->addRow(label, field);
    };
    addRow(tr("&Name:"), fieldWithMessage(Name, tr("lab")), Name);
    addRow(tr("&Subnet:"), fieldWithMessage(Subnet, tr("192.168.50.0/24")), Subnet);
    addRow(tr("&Addresses to lease:"), rangeField(), RangeStart);
    addRow(tr("&Router:"),
           fieldWithMessage(Router, tr("none"),
                            tr("Usually this machine, the gateway of a bench. Change it if the "
                               "lab has its own router; leave it empty for none.")),
           Router);
    addRow(tr("&DNS servers:"),
           fieldWithMessage(Dns, tr("none"),
                            tr("LeaseDesk runs no DNS server. Leave empty for an isolated bench, "
                               "or enter the lab's resolvers, separated by commas.")),
           Dns);
    return form;
}

void NewScopeDialog::chooseInterface()
{
    const int index = m_interfaces->indexOfTopLevelItem(m_interfaces->currentItem());
    if (index < 0 || index >= m_usable.size())
        return;
    const ScopeProposal p = ScopeProposal::propose(m_usable[index], m_existing);
    m_note->setStyleSheet(p.isValid() ? QString() : ErrorStyle);
    m_note->setText(p.isValid() ? p.note : p.refusal);
    m_note->setVisible(!m_note->text().isEmpty());
    if (p.isValid()) {
        m_base = p.scope;
        fill(p.scope);
    }
    revalidate();
}

void NewScopeDialog::fill(const Scope &scope)
{
    const auto address = [](Ipv4Address a) {
        return a.isZero() ? QString() : addressText(a);
    };
    m_edits[Name]->setText(scope.name);
    m_edits[Subnet]->setText(scope.network.isZero() ? QString()
                                                    : addressText(scope.network) + QLatin1Char('/')
                                     + QString::number(scope.prefixLength));
    const AddressRange range = scope.ranges.value(0);
    m_edits[RangeStart]->setText(address(range.start));
    m_edits[RangeEnd]->setText(address(range.end));
    m_edits[Router]->setText(address(scope.router));
    QStringList dns;
    for (Ipv4Address a : scope.dns)
        dns << addressText(a);
    m_edits[Dns]->setText(dns.join(QStringLiteral(", ")));
}

void NewScopeDialog::revalidate()
{
    Messages m;
    m_scope = parseFields(m);
    if (m_scope)
        checkWithValidator(*m_scope, m);
    showMessages(m);
    m_create->setEnabled(m_scope.has_value() && !m.blocked);
}

bool NewScopeDialog::hasErrors() const
{
    return !m_create->isEnabled();
}

// The fields as a scope, or nothing when one of them cannot even be read. Empty required
// fields block Create but say "Required" only once the admin has typed in them: a message
// on every field of a fresh form reads as a reproach.
std::optional<Scope> NewScopeDialog::parseFields(Messages &m) const
{
    const auto required = [&](Field f) {
        if (!m_edits[f]->text().trimmed().isEmpty())
            return true;
        m.blocked = true;
        if (m_edits[f]->isModified())
            m.errors[f] << tr("Required.");
        return false;
    };
    Scope s = m_base;
    s.name = m_edits[Name]->text().trimmed();
    required(Name);
    if (required(Subnet)) {
        static const QRegularExpression cidr(
            QStringLiteral("^\\s*([0-9.]+)\\s*/\\s*(\\d{1,2})\\s*$"));
        const QRegularExpressionMatch match = cidr.match(m_edits[Subnet]->text());
        const std::optional<Ipv4Address> network =
            match.hasMatch() ? parseAddress(match.captured(1)) : std::nullopt;
        if (network && match.captured(2).toInt() <= 32) {
            s.network = *network;
            s.prefixLength = match.captured(2).toInt();
        } else {
            m.error(Subnet, tr("Write the subnet as address/prefix, for example 192.168.50.0/24."));
        }
    }
    s.ranges = {AddressRange{}};
    for (auto [f, target] :
         {std::pair{RangeStart, &s.ranges[0].start}, std::pair{RangeEnd, &s.ranges[0].end}}) {
        if (!required(f))
            continue;
        if (const auto a = parseAddress(m_edits[f]->text()))
            *target = *a;
        else
            m.error(f, tr("Not an IPv4 address: write it as four numbers, like 192.168.50.100."));
    }
    s.router = {};
    if (const QString text = m_edits[Router]->text().trimmed(); !text.isEmpty()) {
        if (const auto a = parseAddress(text))
            s.router = *a;
        else
            m.error(Router, tr("Not an IPv4 address; leave it empty for no router."));
    }
    s.dns.clear();
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &part : m_edits[Dns]->text().split(separators, Qt::SkipEmptyParts)) {
        if (const auto a = parseAddress(part))
            s.dns << *a;
        else
            m.error(Dns, tr("\"%1\" is not an IPv4 address.").arg(part));
    }
    if (m.blocked)
        return std::nullopt;
    return s;
}

// The validator's verdict on the new scope among the existing ones (name taken, subnet
// overlapping, router outside the subnet…), each message beside the field it names.
void NewScopeDialog::checkWithValidator(const Scope &scope, Messages &m) const
{
    Configuration config;
    config.scopes = m_existing;
    config.scopes.append(scope);
    const QString prefix = QStringLiteral("scopes[%1]").arg(m_existing.size());
    for (const ValidationIssue &issue : ConfigurationValidator::validate(config)) {
        if (!issue.path.startsWith(prefix)) // the existing scopes' issues are not ours
            continue;
        const int f = fieldForPath(issue.path.mid(prefix.size()));
        QString sentence = issue.message;
        if (!sentence.isEmpty())
            sentence[0] = sentence[0].toUpper();
        if (issue.isError())
            m.blocked = true;
        if (f < 0)
            (issue.isError() ? m.generalErrors : m.generalWarnings) << sentence;
        else
            (issue.isError() ? m.errors[f] : m.warnings[f]) << sentence;
    }
}

void NewScopeDialog::showMessages(const Messages &m)
{
    const auto show = [](QLabel *label, const QStringList &errors, const QStringList &warnings) {
        label->setText((errors + warnings).join(QLatin1Char('\n')));
        label->setStyleSheet(errors.isEmpty() ? WarningStyle : ErrorStyle);
        label->setVisible(!errors.isEmpty() || !warnings.isEmpty());
    };
    for (int f = 0; f < FieldCount; ++f)
        show(m_messages[f], m.errors[f], m.warnings[f]);
    show(m_general, m.generalErrors, m.generalWarnings);
    m_remeasure = true;
}

// A message shown or hidden reaches this window as a layout request once every layout in
// between has taken it in; only then is the height it needs known.
bool NewScopeDialog::event(QEvent *event)
{
    const bool handled = QDialog::event(event);
    if (event->type() != QEvent::LayoutRequest)
        return handled;
    // QFormLayout keeps the heights its rows had for this width; rows whose messages changed
    // must be measured again, once, or a new message is squeezed under the next field.
    if (m_remeasure) {
        m_remeasure = false;
        m_form->invalidate();
    }
    fitMessages();
    return handled;
}

// Messages come and go as the admin types; the dialog grows so that none is squeezed into
// an unreadable sliver (it never shrinks under the admin's hands).
void NewScopeDialog::fitMessages()
{
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

} // namespace leasedesk
