#include "widgets/packetdecoderview.h"

#include "proto/dhcpcodec.h"
#include "proto/messagedescription.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace leasedesk {

PacketDecoderView::PacketDecoderView(QWidget *parent) : QWidget(parent)
{
    m_input = new QPlainTextEdit(this);
    m_input->setPlaceholderText(
        tr("Paste a DHCP message as hex, from its first byte (op) on: a Wireshark "
           "\"Copy as Hex Stream\", a tcpdump -X dump of the UDP payload, or bytes "
           "separated by spaces or colons."));
    m_input->setFont(QFont(QStringLiteral("monospace")));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fields = new QTreeWidget(this);
    m_fields->setColumnCount(2);
    m_fields->setHeaderLabels({tr("Field"), tr("Value")});
    m_fields->setRootIsDecorated(false);
    m_fields->setAlternatingRowColors(true);
    m_fields->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_input);
    auto *lower = new QWidget(split);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_status);
    lowerLayout->addWidget(m_fields, 1);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_input, &QPlainTextEdit::textChanged, this,
            [this] { decodeText(m_input->toPlainText()); });
    decodeText({});
}

QByteArray PacketDecoderView::bytesFromHexText(const QString &text, QString *error)
{
    QString hex;
    static const QRegularExpression offsetColumn(QStringLiteral("^\\s*(0x)?[0-9a-fA-F]{4,8}:"));
    for (QString line : text.split(QLatin1Char('\n'))) {
        line.remove(offsetColumn);
        // tcpdump -X prints an ASCII column after two spaces; hex groups are separated by one.
        const int ascii = line.indexOf(
            QStringLiteral("  "), line.indexOf(QRegularExpression(QStringLiteral("[0-9a-fA-F]"))));
        if (ascii > 0
            && line.mid(ascii).trimmed().contains(
                QRegularExpression(QStringLiteral("[^0-9a-fA-F ]"))))
            line.truncate(ascii);
        for (QChar c : line) {
            if (c.isSpace() || c == QLatin1Char(':') || c == QLatin1Char('-'))
                continue;
            if (!QStringLiteral("0123456789abcdefABCDEF").contains(c)) {
                if (error)
                    *error = tr("\"%1\" is not a hex digit").arg(c);
                return {};
            }
            hex += c;
        }
    }
    if (hex.size() % 2) {
        if (error)
            *error = tr("an odd number of hex digits (%1): a byte is cut in half").arg(hex.size());
        return {};
    }
    return QByteArray::fromHex(hex.toLatin1());
}

void PacketDecoderView::decodeText(const QString &text)
{
    m_fields->clear();
    if (text.trimmed().isEmpty()) {
        m_status->setText(tr("Nothing to decode yet."));
        return;
    }
    QString error;
    const QByteArray bytes = bytesFromHexText(text, &error);
    if (!error.isEmpty()) {
        m_status->setText(tr("Cannot read the hex: %1.").arg(error));
        return;
    }
    showBytes(bytes);
}

void PacketDecoderView::showBytes(const QByteArray &bytes)
{
    const auto data = std::span(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                                std::size_t(bytes.size()));
    const proto::ParseResult parsed = proto::DhcpCodec::parse(data);
    if (!parsed) {
        m_status->setText(tr("%1 bytes, not a usable DHCP message: %2.")
                              .arg(bytes.size())
                              .arg(QString::fromStdString(parsed.error.reason)));
        return;
    }
    QString status = tr("%1 bytes: %2.")
                         .arg(bytes.size())
                         .arg(QString::fromStdString(proto::summarizeMessage(*parsed.message)));
    for (const std::string &warning : parsed.warnings)
        status += QLatin1Char('\n') + tr("Warning: %1.").arg(QString::fromStdString(warning));
    m_status->setText(status);
    for (const proto::DescribedField &field : proto::describeMessage(*parsed.message)) {
        new QTreeWidgetItem(
            m_fields, {QString::fromStdString(field.name), QString::fromStdString(field.value)});
    }
}

} // namespace leasedesk
