#include "widgets/testclientview.h"

#include "proto/dhcpcodec.h"
#include "proto/messagedescription.h"
#include "widgets/fieldtext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

using proto::MessageType;

// Hex bytes with ':', '-', '.' or space separators or none; nothing when not hex.
std::optional<QByteArray> parseHex(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[:.\\s-]"));
    static const QRegularExpression hex(QStringLiteral("^([0-9a-fA-F]{2})*$"));
    QString digits = text;
    digits.remove(separators);
    if (!hex.match(digits).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(digits.toLatin1());
}

QString xidText(quint32 xid)
{
    return QStringLiteral("0x%1").arg(xid, 8, 16, QLatin1Char('0'));
}

QString typeText(TestRequest::Type type)
{
    return type == TestRequest::Type::Discover ? QStringLiteral("DISCOVER")
                                               : QStringLiteral("REQUEST");
}

// An option's text must fit its one length octet (RFC 2132 §2); option 82's sub-options too
// (RFC 3046 §2.0).
bool fits(const QByteArray &value)
{
    return value.size() <= 255;
}

} // namespace

TestClientView::TestClientView(QWidget *parent) : QWidget(parent)
{
    buildForm();
    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("problems"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    // The red of the configuration forms' field messages (FieldMessage).
    QPalette red = m_problems->palette();
    red.setColor(QPalette::WindowText, QColor(0xb3, 0x1b, 0x1b));
    m_problems->setPalette(red);
    m_send = new QPushButton(tr("Send"), this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("The engine answers it as any client; the reply stays in the console"));
    connect(m_send, &QPushButton::clicked, this, &TestClientView::send);

    auto *request = new QGroupBox(tr("Test request"), this);
    auto *requestLayout = new QVBoxLayout(request);
    requestLayout->addLayout(m_form);
    requestLayout->addWidget(m_problems);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_send);
    requestLayout->addLayout(buttons);
    requestLayout->addStretch(1);

    m_verdict = new QLabel(tr("Send a request to see how LeaseDesk answers it."), this);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_reply = new QLabel(this);
    m_reply->setObjectName(QStringLiteral("reply"));
    for (QLabel *label : {m_verdict, m_reply}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont bold = m_reply->font();
    bold.setBold(true);
    m_reply->setFont(bold);
    m_answer = new QTreeWidget(this);
    m_answer->setObjectName(QStringLiteral("answer"));
    m_answer->setColumnCount(2);
    m_answer->setHeaderLabels({tr("Field"), tr("Value")});
    m_answer->setRootIsDecorated(false);
    m_answer->setAlternatingRowColors(true);
    m_answer->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_requestOffered = new QPushButton(tr("Request this address"), this);
    m_requestOffered->setObjectName(QStringLiteral("requestOffered"));
    m_requestOffered->setToolTip(
        tr("Send the REQUEST a client sends after this OFFER (same MAC and xid)"));
    m_requestOffered->setVisible(false);
    connect(m_requestOffered, &QPushButton::clicked, this, &TestClientView::requestOfferedAddress);

    auto *answer = new QGroupBox(tr("Answer"), this);
    auto *answerLayout = new QVBoxLayout(answer);
    answerLayout->addWidget(m_verdict);
    answerLayout->addWidget(m_reply);
    answerLayout->addWidget(m_answer, 1);
    auto *answerButtons = new QHBoxLayout;
    answerButtons->addStretch(1);
    answerButtons->addWidget(m_requestOffered);
    answerLayout->addLayout(answerButtons);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(request, 1);
    layout->addWidget(answer, 1);

    randomizeMac();
    validate();
}

QLineEdit *TestClientView::addLine(const QString &label, const QString &name,
                                   const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::textChanged, this, &TestClientView::validate);
    m_form->addRow(label, edit);
    return edit;
}

void TestClientView::buildForm()
{
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("type"));
    m_type->addItem(QStringLiteral("DISCOVER"), int(TestRequest::Type::Discover));
    m_type->addItem(QStringLiteral("REQUEST"), int(TestRequest::Type::Request));
    connect(m_type, &QComboBox::currentIndexChanged, this, &TestClientView::validate);
    m_form->addRow(tr("Message type:"), m_type);
    m_interface = new QComboBox(this);
    m_interface->setObjectName(QStringLiteral("interface"));
    m_interface->setToolTip(tr("The request is handled as if it had arrived on this interface"));
    connect(m_interface, &QComboBox::currentIndexChanged, this, &TestClientView::validate);
    m_form->addRow(tr("Interface:"), m_interface);

    m_mac = new QLineEdit(this);
    m_mac->setObjectName(QStringLiteral("mac"));
    m_mac->setPlaceholderText(QStringLiteral("02:00:00:00:00:01"));
    m_mac->setMinimumWidth(
        m_mac->fontMetrics().horizontalAdvance(QStringLiteral("02:00:00:00:00:00")) + 16);
    connect(m_mac, &QLineEdit::textChanged, this, &TestClientView::validate);
    auto *random = new QPushButton(tr("Random"), this);
    random->setObjectName(QStringLiteral("randomMac"));
    random->setToolTip(tr("A locally administered address (02:…), never a real device's"));
    connect(random, &QPushButton::clicked, this, &TestClientView::randomizeMac);
    auto *macRow = new QHBoxLayout;
    macRow->addWidget(m_mac, 1);
    macRow->addWidget(random);
    m_form->addRow(tr("MAC address:"), macRow);

    m_clientId = addLine(tr("Client identifier:"), QStringLiteral("clientId"),
                         tr("optional hex, e.g. 01:02:00:00:00:00:01"));
    m_clientId->setToolTip(tr("Option 61 in hex, type byte first (01 for an Ethernet MAC)"));
    m_vendorClass = addLine(tr("Vendor class:"), QStringLiteral("vendorClass"),
                            tr("optional, e.g. PXEClient:Arch:00007"));
    m_hostname = addLine(tr("Host name:"), QStringLiteral("hostname"), tr("optional"));
    m_giaddr = addLine(tr("Relay address (giaddr):"), QStringLiteral("giaddr"),
                       tr("optional, e.g. 198.18.0.1"));
    m_circuitId = addLine(tr("Circuit ID (option 82):"), QStringLiteral("circuitId"),
                          tr("optional, e.g. eth0/1"));
    m_remoteId = addLine(tr("Remote ID (option 82):"), QStringLiteral("remoteId"),
                         tr("optional, e.g. switch-3"));
    m_requested = addLine(tr("Requested address:"), QStringLiteral("requestedAddress"),
                          tr("REQUEST only, e.g. 198.18.0.100"));
    m_serverId = addLine(tr("Server identifier:"), QStringLiteral("serverId"),
                         tr("REQUEST only, e.g. 198.18.0.1"));
}

void TestClientView::setInterfaces(const QStringList &names)
{
    const QString current = m_interface->currentText();
    m_interface->clear();
    m_interface->addItems(names);
    if (const qsizetype i = names.indexOf(current); i >= 0)
        m_interface->setCurrentIndex(int(i));
    validate();
}

QByteArray TestClientView::randomMac()
{
    QByteArray mac(6, '\0');
    mac[0] = '\x02';
    const quint64 bits = QRandomGenerator::global()->generate64();
    for (int i = 1; i < 6; ++i)
        mac[i] = char(bits >> (8 * i));
    return mac;
}

std::optional<QByteArray> TestClientView::parseMac(const QString &text)
{
    const auto bytes = parseHex(text.trimmed());
    if (!bytes || bytes->size() != 6)
        return std::nullopt;
    return bytes;
}

void TestClientView::randomizeMac()
{
    m_mac->setText(QString::fromLatin1(randomMac().toHex(':')));
}

std::optional<TestRequest> TestClientView::formRequest(QStringList *problems) const
{
    TestRequest r;
    QStringList wrong;
    r.type = TestRequest::Type(m_type->currentData().toInt());
    r.interfaceName = m_interface->currentText();
    if (r.interfaceName.isEmpty())
        wrong << tr("Interface: there is no interface to test on yet; start the server or the "
                    "simulated lab.");
    if (const auto mac = parseMac(m_mac->text()))
        r.mac = *mac;
    else
        wrong << tr("MAC address: \"%1\" is not 6 bytes of hex such as 02:00:00:00:00:01.")
                     .arg(m_mac->text().trimmed());
    if (const auto id = parseHex(m_clientId->text()); id && id->size() != 1 && fits(*id))
        r.clientId = *id;
    else
        wrong << tr("Client identifier: \"%1\" is not 2 to 255 bytes of hex, type byte first.")
                     .arg(m_clientId->text().trimmed());
    r.vendorClass = m_vendorClass->text().trimmed().toUtf8();
    r.hostname = m_hostname->text().trimmed();
    r.circuitId = m_circuitId->text().trimmed().toUtf8();
    r.remoteId = m_remoteId->text().trimmed().toUtf8();
    const std::pair<QString, QByteArray> texts[] = {{tr("Vendor class"), r.vendorClass},
                                                    {tr("Host name"), r.hostname.toUtf8()},
                                                    {tr("Circuit ID"), r.circuitId},
                                                    {tr("Remote ID"), r.remoteId}};
    for (const auto &[label, value] : texts)
        if (!fits(value))
            wrong << tr("%1: %2 bytes; an option holds at most 255.").arg(label).arg(value.size());
    const std::tuple<QString, QLineEdit *, Ipv4Address *> addresses[] = {
        {tr("Relay address"), m_giaddr, &r.giaddr},
        {tr("Requested address"), m_requested, &r.requestedAddress},
        {tr("Server identifier"), m_serverId, &r.serverId}};
    for (const auto &[label, edit, out] : addresses) {
        QString why;
        if (edit->isEnabled() && !fieldtext::parseAddress(edit->text(), true, out, &why))
            wrong << label + QStringLiteral(": ") + why;
    }
    // Without a ciaddr field, a REQUEST names its address in option 50 (RFC 2131 §4.3.2,
    // SELECTING and INIT-REBOOT states).
    if (r.type == TestRequest::Type::Request && m_requested->text().trimmed().isEmpty())
        wrong << tr("Requested address: a REQUEST names the address it asks for.");
    if (problems)
        *problems = wrong;
    if (!wrong.isEmpty())
        return std::nullopt;
    return r;
}

void TestClientView::validate()
{
    const bool request = m_type->currentData().toInt() == int(TestRequest::Type::Request);
    for (QLineEdit *edit : {m_requested, m_serverId}) {
        edit->setEnabled(request);
        if (QWidget *label = m_form->labelForField(edit))
            label->setEnabled(request);
    }
    QStringList problems;
    const bool ok = formRequest(&problems).has_value();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!ok);
    m_send->setEnabled(ok);
}

void TestClientView::send()
{
    // A fresh transaction: its own xid, so the answer is told apart from earlier ones.
    sendWithXid(QRandomGenerator::global()->bounded(1u, 0xffffffffu));
}

void TestClientView::sendWithXid(quint32 xid)
{
    std::optional<TestRequest> request = formRequest(nullptr);
    if (!request)
        return;
    request->xid = xid;
    m_xid = xid;
    m_sentType = request->type;
    m_offer.reset();
    m_requestOffered->setVisible(false);
    m_answer->clear();
    m_reply->clear();
    m_verdict->setText(tr("Sent %1 xid %2 as %3 on %4; waiting for LeaseDesk's answer…")
                           .arg(typeText(request->type), xidText(xid),
                                QString::fromLatin1(request->mac.toHex(':')),
                                request->interfaceName));
    emit testRequested(*request);
}

void TestClientView::requestOfferedAddress()
{
    if (!m_offer)
        return;
    const Offer offer = *m_offer;
    m_type->setCurrentIndex(m_type->findData(int(TestRequest::Type::Request)));
    m_requested->setText(addressText(offer.address));
    m_serverId->setText(offer.serverId.isZero() ? QString() : addressText(offer.serverId));
    // RFC 2131 §4.4.1: the REQUEST that answers an OFFER keeps the DISCOVER's xid.
    sendWithXid(m_xid);
}

bool TestClientView::isAwaited(const PacketEvent &event) const
{
    if (!event.test || m_xid == 0 || event.xid != m_xid)
        return false;
    const bool discover = m_sentType == TestRequest::Type::Discover;
    const auto type = MessageType(event.messageType);
    if (event.direction == PacketEvent::Direction::Received)
        return type == (discover ? MessageType::Discover : MessageType::Request)
            || event.messageType == 0; // a request the engine could not read
    return discover ? type == MessageType::Offer
                    : type == MessageType::Ack || type == MessageType::Nak;
}

void TestClientView::takeEvents(const QList<PacketEvent> &events)
{
    for (const PacketEvent &event : events) {
        if (!isAwaited(event))
            continue;
        if (event.direction == PacketEvent::Direction::Received)
            showReceived(event);
        else
            showReply(event);
    }
}

void TestClientView::showReceived(const PacketEvent &event)
{
    QString text;
    switch (event.outcome) {
    case Decision::Outcome::Replied: text = tr("LeaseDesk's decision: %1"); break;
    case Decision::Outcome::Probing: text = tr("LeaseDesk checks the address first: %1"); break;
    case Decision::Outcome::Silent: text = tr("LeaseDesk sent no reply: %1"); break;
    case Decision::Outcome::Ignored:
    case Decision::Outcome::Malformed: text = tr("LeaseDesk ignored it: %1"); break;
    }
    m_verdict->setText(text.arg(event.reason));
}

void TestClientView::showReply(const PacketEvent &event)
{
    m_answer->clear();
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t *>(event.payload.constData()),
                                 std::size_t(event.payload.size()));
    const proto::ParseResult parsed = proto::DhcpCodec::parse(bytes);
    const QString type = QString::fromLatin1(proto::messageTypeName(event.messageType).data());
    if (!parsed) {
        m_reply->setText(
            tr("%1, unreadable: %2").arg(type, QString::fromStdString(parsed.error.reason)));
        return;
    }
    const proto::DhcpMessage &m = *parsed.message;
    m_reply->setText(m.yiaddr.isZero()
                         ? type
                         : tr("%1 of %2").arg(type, QString::fromStdString(m.yiaddr.toString())));
    if (event.reason.startsWith(QLatin1String("not sent")))
        m_reply->setText(m_reply->text() + QStringLiteral(" (%1)").arg(event.reason));
    // A compact list: what the client would configure, not the whole header.
    for (const proto::DescribedField &f : proto::describeMessage(m)) {
        const bool header = f.code < 0;
        if (f.code == proto::OptionCode::MessageType
            || (header && f.name != "yiaddr" && f.name != "siaddr" && f.name != "sname"
                && f.name != "file")
            || (f.name == "siaddr" && m.siaddr.isZero()))
            continue;
        const QString value = QString::fromStdString(f.value);
        auto *item = new QTreeWidgetItem(m_answer, {QString::fromStdString(f.name), value});
        item->setToolTip(1, Qt::convertFromPlainText(value));
    }
    if (MessageType(event.messageType) == MessageType::Offer) {
        const Ipv4Address server =
            m.addressOption(proto::OptionCode::ServerIdentifier).value_or(event.local);
        m_offer = Offer{m.yiaddr, server};
        m_requestOffered->setVisible(true);
    }
}

} // namespace leasedesk
