#include "widgets/packetdecoderview.h"

#include "widgets/packetdetailview.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
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
    m_input->setObjectName(QStringLiteral("input"));
    m_detail = new PacketDetailView(this);
    m_detail->setObjectName(QStringLiteral("decoded"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_input);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);

    auto *open = new QPushButton(tr("Open capture…"), this);
    open->setToolTip(tr("A file holding one DHCP message: its raw bytes, or hex text"));
    connect(open, &QPushButton::clicked, this, &PacketDecoderView::chooseFile);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("DHCP message bytes:"), this));
    buttons->addStretch(1);
    buttons->addWidget(open);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_input, &QPlainTextEdit::textChanged, this,
            [this] { decodeText(m_input->toPlainText()); });
    decodeText({});
}

QByteArray PacketDecoderView::bytesFromHexText(const QString &text, QString *error)
{
    // A line of a hex dump starts with its offset ("0x0010:" from tcpdump -X, "0010" from
    // Wireshark) and may end with an ASCII column. Such a line holds at most 16 bytes, so the
    // first 16 bytes of hex groups are the data and the rest is the ASCII column, even when
    // that column happens to look like hex.
    static const QRegularExpression offsetColumn(
        QStringLiteral("^\\s*(0x)?[0-9a-fA-F]{4,8}(:|\\s{2,}|\\t)"));
    static const QRegularExpression hexGroup(QStringLiteral("^([0-9a-fA-F]{2})+$"));
    static const QRegularExpression separators(QStringLiteral("[\\s:-]"));
    QString hex;
    for (QString line : text.split(QLatin1Char('\n'))) {
        if (const auto m = offsetColumn.match(line); m.hasMatch()) {
            qsizetype bytes = 0;
            for (const QString &group :
                 line.mid(m.capturedEnd())
                     .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
                if (!hexGroup.match(group).hasMatch() || bytes + group.size() / 2 > 16)
                    break;
                hex += group;
                bytes += group.size() / 2;
            }
            continue;
        }
        line.remove(separators);
        for (QChar c : line) {
            if (!QStringLiteral("0123456789abcdefABCDEF").contains(c)) {
                if (error)
                    *error = tr("\"%1\" is not a hex digit").arg(c);
                return {};
            }
        }
        hex += line;
    }
    if (hex.size() % 2) {
        if (error)
            *error = tr("an odd number of hex digits (%1): a byte is cut in half").arg(hex.size());
        return {};
    }
    return QByteArray::fromHex(hex.toLatin1());
}

QString PacketDecoderView::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("Cannot open %1: %2").arg(path, file.errorString());
    // 65507 octets is the most a DHCP message can be; one more says the file is something else.
    const QByteArray content = file.read(65508);
    if (content.size() > 65507)
        return tr("%1 is larger than any DHCP message can be").arg(path);
    const bool text = std::all_of(content.begin(), content.end(), [](char c) {
        return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
    });
    if (text) {
        m_input->setPlainText(QString::fromLatin1(content));
        return {};
    }
    QString hex;
    for (qsizetype i = 0; i < content.size(); i += 16)
        hex += QString::fromLatin1(content.mid(i, 16).toHex(' ')) + QLatin1Char('\n');
    m_input->setPlainText(hex);
    return {};
}

void PacketDecoderView::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a DHCP message"), {}, tr("Captures (*.bin *.txt *.hex);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = openFile(path); !error.isEmpty())
        m_detail->showMessage(error);
}

void PacketDecoderView::decodeText(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        m_detail->showMessage(tr("Nothing to decode yet."));
        return;
    }
    QString error;
    const QByteArray bytes = bytesFromHexText(text, &error);
    if (!error.isEmpty()) {
        m_detail->showMessage(tr("Cannot read the hex: %1.").arg(error));
        return;
    }
    m_detail->showBytes(bytes);
}

} // namespace leasedesk
