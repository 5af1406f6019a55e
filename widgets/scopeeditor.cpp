#include "widgets/scopeeditor.h"

#include "widgets/addressrangelistedit.h"
#include "widgets/configurationdocument.h"
#include "widgets/fieldmessage.h"
#include "widgets/fieldtext.h"
#include "widgets/formbinder.h"
#include "widgets/optionseditor.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

#include <climits>

namespace leasedesk {

namespace {

// Parsers for the binder: read `text` into one member of the scope.
template<typename Member> FormBinder<Scope>::Parse addressInto(Member member)
{
    return [member](const QString &text, Scope &s, QString *why) {
        return fieldtext::parseAddress(text, true, &(s.*member), why);
    };
}

FormBinder<Scope>::Parse secondsInto(std::optional<quint32> Scope::*member)
{
    return [member](const QString &text, Scope &s, QString *why) {
        return fieldtext::parseOptionalSeconds(text, &(s.*member), why);
    };
}

FormBinder<Scope>::Format optionalSeconds(std::optional<quint32> Scope::*member)
{
    return [member](const Scope &s) {
        return (s.*member) ? QString::number(*(s.*member)) : QString();
    };
}

FormBinder<Scope>::Parse bootFileInto(QString BootFiles::*member)
{
    return [member](const QString &text, Scope &s, QString *) {
        s.bootFiles.*member = text.trimmed();
        return true;
    };
}

} // namespace

ScopeEditor::ScopeEditor(ConfigurationDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document)
{
    FormBinder<Scope>::Hooks hooks;
    hooks.current = [this] {
        return currentScope();
    };
    hooks.commit = [this](const Scope &s, const QString &what) {
        commit(s, what);
    };
    hooks.issuesFor = [this](const QString &key) {
        return m_document->issuesFor(basePath() + u'.' + key);
    };
    m_binder = std::make_unique<FormBinder<Scope>>(std::move(hooks));

    m_title = new QLabel;
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_otherIssues = new FieldMessage;
    m_otherIssues->setObjectName(QStringLiteral("other.message"));

    m_form = new QWidget;
    auto *grid = new QGridLayout(m_form);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(12);
    // Two columns: what defines the scope on the left, what its clients receive on the right.
    auto *left = new QVBoxLayout;
    left->addWidget(buildIdentity());
    left->addWidget(buildAddresses());
    left->addWidget(buildAccess());
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(buildLease());
    right->addWidget(buildClient());
    right->addWidget(buildBoot());
    right->addStretch();
    // One caption width for both columns, so the fields of all group boxes line up.
    m_binder->alignCaptions({m_rangesCaption, m_exclusionsCaption});
    grid->addLayout(left, 0, 0);
    grid->addLayout(right, 0, 1);
    grid->addWidget(buildOptions(), 1, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(2, 1);

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_otherIssues);
    layout->addWidget(scroll, 1);

    connect(m_document, &ConfigurationDocument::configurationChanged, this,
            [this] { refresh(false); });
    refresh(true);
}

ScopeEditor::~ScopeEditor() = default;

QFormLayout *ScopeEditor::newForm(QGroupBox *box)
{
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    return form;
}

QGroupBox *ScopeEditor::buildIdentity()
{
    auto *box = new QGroupBox(tr("Scope"));
    QFormLayout *form = newForm(box);
    m_binder->addLine(
        form, tr("&Name:"), QStringLiteral("name"), tr("name"),
        [](const Scope &s) { return s.name; },
        [](const QString &text, Scope &s, QString *) {
            s.name = text.trimmed();
            return true;
        });
    m_binder->addCheck(
        form, tr("State:"), tr("&Serve this scope"), QStringLiteral("enabled"), tr("enabled state"),
        [](const Scope &s) { return s.enabled; }, [](Scope &s, bool on) { s.enabled = on; });
    QLineEdit *subnet = m_binder->addLine(
        form, tr("S&ubnet:"), QStringLiteral("subnet"), tr("subnet"),
        [](const Scope &s) { return fieldtext::subnet(s); },
        [](const QString &text, Scope &s, QString *why) {
            return fieldtext::parseSubnet(text, &s.network, &s.prefixLength, why);
        });
    subnet->setPlaceholderText(QStringLiteral("198.18.0.0/24"));
    return box;
}

QGroupBox *ScopeEditor::buildAddresses()
{
    auto *box = new QGroupBox(tr("Addresses"));
    QFormLayout *form = newForm(box);
    m_ranges = new AddressRangeListEdit(QStringLiteral("ranges"), tr("range"));
    m_exclusions = new AddressRangeListEdit(QStringLiteral("exclusions"), tr("exclusion"));
    m_rangesCaption = new QLabel(tr("Ranges:"));
    m_exclusionsCaption = new QLabel(tr("Exclusions:"));
    form->addRow(m_rangesCaption, m_ranges);
    form->addRow(m_exclusionsCaption, m_exclusions);
    connect(m_ranges, &AddressRangeListEdit::rangesEdited, this,
            [this](const QList<AddressRange> &ranges, const QString &action) {
                if (const Scope *s = currentScope()) {
                    Scope next = *s;
                    next.ranges = ranges;
                    commitText(next, tr("%1 in %2").arg(action, scopeLabel()));
                }
            });
    connect(m_exclusions, &AddressRangeListEdit::rangesEdited, this,
            [this](const QList<AddressRange> &ranges, const QString &action) {
                if (const Scope *s = currentScope()) {
                    Scope next = *s;
                    next.exclusions = ranges;
                    commitText(next, tr("%1 in %2").arg(action, scopeLabel()));
                }
            });
    return box;
}

QGroupBox *ScopeEditor::buildLease()
{
    auto *box = new QGroupBox(tr("Lease"));
    QFormLayout *form = newForm(box);
    m_binder->addSpin(
        form, tr("&Lease time:"), QStringLiteral("lease_time"), tr("lease time"), 0, INT_MAX,
        tr(" s"), [](const Scope &s) { return qint64(s.leaseTime); },
        [](Scope &s, int v) { s.leaseTime = quint32(v); });
    m_renewal = m_binder->addLine(form, tr("Renewal (T&1):"), QStringLiteral("renewal_time"),
                                  tr("renewal time"), optionalSeconds(&Scope::renewalTime),
                                  secondsInto(&Scope::renewalTime));
    m_rebinding = m_binder->addLine(form, tr("Rebinding (T&2):"), QStringLiteral("rebinding_time"),
                                    tr("rebinding time"), optionalSeconds(&Scope::rebindingTime),
                                    secondsInto(&Scope::rebindingTime));
    QSpinBox *delay = m_binder->addSpin(
        form, tr("Offer &delay:"), QStringLiteral("offer_delay_ms"), tr("offer delay"), 0, 600000,
        tr(" ms"), [](const Scope &s) { return qint64(s.offerDelayMs); },
        [](Scope &s, int v) { s.offerDelayMs = quint32(v); });
    delay->setToolTip(tr("A secondary server waits this long before it offers, so that the "
                         "primary server wins."));
    // Issue 8: 0 shows as "as the server" and means the scope has no threshold of its own.
    const auto threshold = [&](const QString &label, const QString &key, const QString &what,
                               std::optional<int> Scope::*member) {
        QSpinBox *spin = m_binder->addSpin(
            form, label, key, what, 0, 100, tr(" % used"),
            [member](const Scope &s) { return qint64((s.*member).value_or(0)); },
            [member](Scope &s, int v) {
                s.*member = v == 0 ? std::nullopt : std::optional<int>(v);
            });
        spin->setSpecialValueText(tr("as the server"));
    };
    threshold(tr("Usage &warning at:"), QStringLiteral("warning_percent"),
              tr("utilization warning"), &Scope::warningPercent);
    threshold(tr("Usage c&ritical at:"), QStringLiteral("critical_percent"),
              tr("utilization critical level"), &Scope::criticalPercent);
    return box;
}

QGroupBox *ScopeEditor::buildClient()
{
    auto *box = new QGroupBox(tr("Client settings"));
    QFormLayout *form = newForm(box);
    QLineEdit *router = m_binder->addLine(
        form, tr("&Router:"), QStringLiteral("router"), tr("router"),
        [](const Scope &s) { return fieldtext::address(s.router); }, addressInto(&Scope::router));
    router->setPlaceholderText(tr("none"));
    QLineEdit *dns = m_binder->addLine(
        form, tr("D&NS servers:"), QStringLiteral("dns"), tr("DNS servers"),
        [](const Scope &s) { return fieldtext::addressList(s.dns); },
        [](const QString &text, Scope &s, QString *why) {
            return fieldtext::parseAddressList(text, &s.dns, why);
        });
    dns->setPlaceholderText(tr("none; separate addresses with commas"));
    QLineEdit *domain = m_binder->addLine(
        form, tr("Do&main:"), QStringLiteral("domain"), tr("domain"),
        [](const Scope &s) { return s.domain; },
        [](const QString &text, Scope &s, QString *) {
            s.domain = text.trimmed();
            return true;
        });
    domain->setPlaceholderText(tr("none"));
    return box;
}

QGroupBox *ScopeEditor::buildBoot()
{
    auto *box = new QGroupBox(tr("PXE boot"));
    QFormLayout *form = newForm(box);
    QLineEdit *next = m_binder->addLine(
        form, tr("Ne&xt server:"), QStringLiteral("next_server"), tr("next server"),
        [](const Scope &s) { return fieldtext::address(s.nextServer); },
        addressInto(&Scope::nextServer));
    next->setPlaceholderText(tr("none"));
    const struct
    {
        QString label;
        QString key;
        QString what;
        QString BootFiles::*member;
    } files[] = {
        {tr("Boot file:"), QStringLiteral("boot_file.default"), tr("boot file"),
         &BootFiles::fallback},
        {tr("BIOS:"), QStringLiteral("boot_file.bios"), tr("BIOS boot file"), &BootFiles::bios},
        {tr("UEFI x64:"), QStringLiteral("boot_file.uefi_x64"), tr("UEFI x64 boot file"),
         &BootFiles::uefiX64},
        {tr("ARM64:"), QStringLiteral("boot_file.arm64"), tr("ARM64 boot file"), &BootFiles::arm64},
    };
    for (const auto &f : files) {
        QString BootFiles::*member = f.member;
        QLineEdit *edit = m_binder->addLine(
            form, f.label, f.key, f.what, [member](const Scope &s) { return s.bootFiles.*member; },
            bootFileInto(member));
        edit->setPlaceholderText(member == &BootFiles::fallback
                                     ? tr("none; for clients not listed below")
                                     : tr("the boot file above"));
    }
    return box;
}

QGroupBox *ScopeEditor::buildAccess()
{
    auto *box = new QGroupBox(tr("Access by MAC address"));
    QFormLayout *form = newForm(box);
    const auto patterns = [](QStringList Scope::*member) {
        return std::pair{
            FormBinder<Scope>::Format(
                [member](const Scope &s) { return fieldtext::list(s.*member); }),
            FormBinder<Scope>::Parse([member](const QString &text, Scope &s, QString *why) {
                return fieldtext::parseMacPatterns(text, &(s.*member), why);
            })};
    };
    const auto [allowFormat, allowParse] = patterns(&Scope::macAllow);
    QLineEdit *allow = m_binder->addLine(form, tr("&Allow:"), QStringLiteral("mac_allow"),
                                         tr("allowed MACs"), allowFormat, allowParse);
    allow->setPlaceholderText(tr("everyone; or patterns such as 02:00:5e:*"));
    const auto [denyFormat, denyParse] = patterns(&Scope::macDeny);
    QLineEdit *deny = m_binder->addLine(form, tr("D&eny:"), QStringLiteral("mac_deny"),
                                        tr("denied MACs"), denyFormat, denyParse);
    deny->setPlaceholderText(tr("nobody; a match is refused even when allowed"));
    return box;
}

QGroupBox *ScopeEditor::buildOptions()
{
    auto *box = new QGroupBox(tr("Other options"));
    auto *layout = new QVBoxLayout(box);
    m_options = new OptionsEditor;
    m_options->setObjectName(QStringLiteral("options"));
    m_optionsMessage = new FieldMessage;
    m_optionsMessage->setObjectName(QStringLiteral("options.message"));
    layout->addWidget(m_options);
    layout->addWidget(m_optionsMessage);
    connect(m_options, &OptionsEditor::optionsEdited, this,
            [this](const QList<OptionSetting> &options) {
                m_binder->commitWith(tr("options"), [&](Scope &s) { s.options = options; });
            });
    return box;
}

const Scope *ScopeEditor::currentScope() const
{
    const QList<Scope> &scopes = m_document->configuration().scopes;
    return m_index >= 0 && m_index < scopes.size() ? &scopes[m_index] : nullptr;
}

QString ScopeEditor::scopeLabel() const
{
    const Scope *s = currentScope();
    return s && !s->name.trimmed().isEmpty() ? s->name : tr("scope %1").arg(m_index + 1);
}

QString ScopeEditor::basePath() const
{
    return QStringLiteral("scopes[%1]").arg(m_index);
}

void ScopeEditor::commit(const Scope &scope, const QString &what)
{
    commitText(scope, tr("Change %1 of %2").arg(what, scopeLabel()));
}

void ScopeEditor::commitText(const Scope &scope, const QString &text)
{
    m_document->setScope(m_index, scope, text);
}

void ScopeEditor::setScopeIndex(int index)
{
    m_index = index;
    refresh(true);
}

void ScopeEditor::refresh(bool force)
{
    const Scope *s = currentScope();
    m_form->setEnabled(s != nullptr);
    const Scope shown = s ? *s : Scope();
    m_title->setText(s ? tr("Scope %1 · %2").arg(scopeLabel(), fieldtext::subnet(*s))
                       : tr("No scope selected"));
    m_binder->load(shown, force || !s);
    m_ranges->setRanges(shown.ranges, force || !s);
    m_exclusions->setRanges(shown.exclusions, force || !s);
    if (force || m_options->options() != shown.options)
        m_options->setOptions(shown.options);
    // The defaults the server uses when T1 or T2 is left empty (RFC 2131 §4.4.5).
    Scope defaults = shown;
    defaults.renewalTime.reset();
    defaults.rebindingTime.reset();
    m_renewal->setPlaceholderText(
        tr("default: %1 s (half the lease)").arg(defaults.effectiveRenewalTime()));
    m_rebinding->setPlaceholderText(
        tr("default: %1 s (7/8 of the lease)").arg(defaults.effectiveRebindingTime()));
    showIssues();
}

void ScopeEditor::showIssues()
{
    if (!currentScope()) {
        m_binder->showIssues(); // the hooks find no issues for a scope that is not there
        m_ranges->setIssues({}, {});
        m_exclusions->setIssues({}, {});
        m_optionsMessage->setMessages({}, {});
        m_otherIssues->setMessages({}, {});
        return;
    }
    const QString base = basePath() + u'.';
    m_binder->showIssues();
    m_ranges->setIssues(m_document->issuesFor(base + QStringLiteral("ranges")), base);
    m_exclusions->setIssues(m_document->issuesFor(base + QStringLiteral("exclusions")), base);
    // One option's issue names its row ("options[2].value"): say which option it is.
    QList<ValidationIssue> optionIssues;
    const QList<OptionSetting> &options = currentScope()->options;
    for (ValidationIssue issue : m_document->issuesFor(base + QStringLiteral("options"))) {
        const QString rest = issue.path.mid(base.size() + 7); // after "options"
        const int row = rest.startsWith(u'[') ? rest.mid(1, rest.indexOf(u']') - 1).toInt() : -1;
        if (row >= 0 && row < options.size())
            issue.message = tr("Option %1: %2").arg(options[row].code).arg(issue.message);
        optionIssues.append(issue);
    }
    m_optionsMessage->setMessages({}, optionIssues);
    // What no field shows (a reservation's, say) still belongs to this scope: say it on top.
    QStringList shown = m_binder->keys();
    shown << QStringLiteral("ranges") << QStringLiteral("exclusions") << QStringLiteral("options");
    QList<ValidationIssue> other;
    for (ValidationIssue issue : m_document->issuesFor(basePath())) {
        const bool placed = std::any_of(shown.begin(), shown.end(), [&](const QString &key) {
            return pathIsUnder(issue.path, base + key);
        });
        if (!placed) {
            issue.message = issue.path.mid(base.size()) + QStringLiteral(": ") + issue.message;
            other.append(issue);
        }
    }
    m_otherIssues->setMessages({}, other);
}

} // namespace leasedesk
