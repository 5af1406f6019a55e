#include "widgets/packetdetailview.h"

#include "proto/dhcpcodec.h"
#include "proto/messagedescription.h"
#include "widgets/hexdumpview.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextDocument>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

constexpr int OffsetRole = Qt::UserRole;
constexpr int LengthRole = Qt::UserRole + 1;

std::span<const std::uint8_t> bytesOf(const QByteArray &bytes)
{
    return {reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size())};
}

QString typeName(quint8 type)
{
    if (type == 0)
        return PacketDetailView::tr("packet");
    const std::string_view name = proto::messageTypeName(type);
    return name.empty() ? PacketDetailView::tr("message type %1").arg(type)
                        : QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString outcomeText(Decision::Outcome outcome)
{
    switch (outcome) {
    case Decision::Outcome::Replied: return PacketDetailView::tr("Answered");
    case Decision::Outcome::Silent: return PacketDetailView::tr("No reply");
    case Decision::Outcome::Ignored: return PacketDetailView::tr("Ignored");
    case Decision::Outcome::Malformed: return PacketDetailView::tr("Malformed");
    case Decision::Outcome::Probing: return PacketDetailView::tr("Probing first");
    }
    return {};
}

// The second summary line: what the engine made of a received packet, where a sent one went.
QString verdictText(const PacketEvent &e)
{
    if (e.direction == PacketEvent::Direction::Received)
        return e.reason.isEmpty() ? outcomeText(e.outcome)
                                  : outcomeText(e.outcome) + QStringLiteral(": ") + e.reason;
    if (e.reason.startsWith(QLatin1String("not sent")))
        return PacketDetailView::tr("Not sent: %1").arg(e.reason.mid(qsizetype(9)).trimmed());
    return PacketDetailView::tr("Sent to %1").arg(e.reason);
}

QTreeWidgetItem *groupItem(QTreeWidget *tree, const QString &title)
{
    auto *group = new QTreeWidgetItem(tree, {title});
    QFont bold = group->font(0);
    bold.setBold(true);
    group->setFont(0, bold);
    group->setFirstColumnSpanned(true);
    // No byte range: a whole header highlighted says nothing, and the tree makes its first
    // item current as soon as it takes the focus.
    group->setData(0, LengthRole, 0);
    return group;
}

} // namespace

PacketDetailView::PacketDetailView(QWidget *parent) : QWidget(parent)
{
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields = new QTreeWidget(this);
    m_fields->setObjectName(QStringLiteral("fields"));
    m_fields->setColumnCount(2);
    m_fields->setHeaderLabels({tr("Field"), tr("Value")});
    m_fields->setAlternatingRowColors(true);
    m_fields->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_hex = new HexDumpView(this);
    m_hex->setObjectName(QStringLiteral("hexDump"));

    // Fields beside the bytes: under the traffic views the pane is wide and short.
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_fields);
    split->addWidget(m_hex);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    // The dump's 72 columns fit without scrolling sideways; the tree takes the rest.
    split->setSizes({m_hex->fontMetrics().horizontalAdvance(QString(60, QLatin1Char('x'))),
                     m_hex->fontMetrics().horizontalAdvance(QString(76, QLatin1Char('0')))});
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    // Text needs a little air from the pane's edge; the tree and dump fill it.
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_fields, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { highlightItem(current); });
    connect(m_hex, &HexDumpView::byteClicked, this, &PacketDetailView::selectByte);
    clear();
}

QString PacketDetailView::eventHeadline(const PacketEvent &e)
{
    const bool received = e.direction == PacketEvent::Direction::Received;
    QString line =
        QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    line += QLatin1Char(' ') + (received ? tr("received") : tr("sent"));
    if (!e.interfaceName.isEmpty())
        line += QLatin1Char(' ') + tr("on %1").arg(e.interfaceName);
    if (!e.peer.isZero() || e.peerPort != 0)
        line += QLatin1Char(' ')
            + (received ? tr("from %1:%2") : tr("to %1:%2"))
                  .arg(addressText(e.peer))
                  .arg(e.peerPort);
    line += QStringLiteral(" — %1 xid 0x%2")
                .arg(typeName(e.messageType))
                .arg(e.xid, 8, 16, QLatin1Char('0'));
    if (!e.hardwareAddress.isEmpty())
        line += QLatin1Char(' ')
            + (received ? tr("from %1") : tr("for %1"))
                  .arg(QString::fromLatin1(e.hardwareAddress.toHex(':')));
    if (e.test)
        line += QLatin1Char(' ') + tr("(test client)");
    return line;
}

void PacketDetailView::showPacket(const PacketEvent &event)
{
    // The headline in bold, the verdict under it. Escaped: reasons quote what clients sent.
    m_summary->setText(
        QStringLiteral("<b>%1</b><br>%2")
            .arg(eventHeadline(event).toHtmlEscaped(), verdictText(event).toHtmlEscaped()));
    if (event.payload.isEmpty()) {
        m_fields->clear();
        m_hex->setBytes({});
        m_status->setText(tr("No bytes to show: this message was never encoded (%1).")
                              .arg(event.reason.isEmpty() ? tr("no reason given") : event.reason));
        return;
    }
    fillFields(event.payload);
}

void PacketDetailView::showBytes(const QByteArray &bytes)
{
    m_summary->clear();
    fillFields(bytes);
}

void PacketDetailView::clear()
{
    m_summary->setText(tr("Select a packet to see its fields and bytes."));
    m_status->clear();
    m_fields->clear();
    m_hex->setBytes({});
}

void PacketDetailView::showMessage(const QString &message)
{
    m_summary->clear();
    m_fields->clear();
    m_hex->setBytes({});
    m_status->setPalette(palette());
    m_status->setText(message);
}

void PacketDetailView::fillFields(const QByteArray &bytes)
{
    m_fields->clear();
    m_hex->setBytes(bytes);
    std::string error;
    const std::vector<proto::LocatedField> fields = proto::describeWire(bytesOf(bytes), &error);
    const proto::ParseResult parsed = proto::DhcpCodec::parse(bytesOf(bytes));
    QString status;
    if (!error.empty() || !parsed) {
        status = tr("%1 bytes, not a usable DHCP message: %2. The fields in front of the fault "
                    "are listed; every byte is in the dump.")
                     .arg(bytes.size())
                     .arg(QString::fromStdString(error.empty() ? parsed.error.reason : error));
    } else {
        status = tr("%1 bytes: %2.")
                     .arg(bytes.size())
                     .arg(QString::fromStdString(proto::summarizeMessage(*parsed.message)));
        for (const std::string &warning : parsed.warnings)
            status += QLatin1Char('\n') + tr("Warning: %1.").arg(QString::fromStdString(warning));
    }
    m_status->setText(status);
    // The red of the configuration forms' errors (FieldMessage) for a message that is unusable.
    QPalette pal = palette();
    if (!error.empty() || !parsed)
        pal.setColor(QPalette::WindowText, QColor(0xb3, 0x1b, 0x1b));
    m_status->setPalette(pal);

    auto *header = groupItem(m_fields, tr("Header"));
    auto *options = groupItem(m_fields, tr("Options"));
    for (const proto::LocatedField &located : fields) {
        const QString value = QString::fromStdString(located.field.value);
        auto *item = new QTreeWidgetItem(located.field.code >= 0 ? options : header,
                                         {QString::fromStdString(located.field.name), value});
        item->setData(0, OffsetRole, qlonglong(located.offset));
        item->setData(0, LengthRole, qlonglong(located.length));
        // Long lists are elided in the column. Escaped: the value comes from the wire.
        item->setToolTip(1, Qt::convertFromPlainText(value));
        item->setToolTip(
            0, tr("%n byte(s) at offset %1", nullptr, int(located.length)).arg(located.offset));
    }
    options->setText(0, tr("Options (%1)").arg(options->childCount()));
    if (options->childCount() == 0)
        delete options;
    m_fields->expandAll();
}

void PacketDetailView::highlightItem(QTreeWidgetItem *item)
{
    if (!item) {
        m_hex->highlight(0, 0);
        return;
    }
    m_hex->highlight(item->data(0, OffsetRole).toLongLong(),
                     item->data(0, LengthRole).toLongLong());
}

void PacketDetailView::selectByte(qsizetype offset)
{
    QTreeWidgetItem *best = nullptr;
    qsizetype bestLength = 0;
    for (QTreeWidgetItemIterator it(m_fields, QTreeWidgetItemIterator::NoChildren); *it; ++it) {
        const qsizetype start = (*it)->data(0, OffsetRole).toLongLong();
        const qsizetype length = (*it)->data(0, LengthRole).toLongLong();
        if (offset >= start && offset < start + length && (!best || length < bestLength)) {
            best = *it;
            bestLength = length;
        }
    }
    if (!best) {
        m_fields->setCurrentItem(nullptr);
        return;
    }
    m_fields->setCurrentItem(best);
    m_fields->scrollToItem(best);
}

} // namespace leasedesk
