#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace leasedesk {

// Paste a DHCP message as hex (a Wireshark "copy as hex stream", a tcpdump -X dump, or
// bytes separated by spaces or colons) and read it field by field, with every malformation
// named. Knows nothing of sockets: it only runs the wire codec.
class PacketDecoderView : public QWidget
{
    Q_OBJECT
public:
    explicit PacketDecoderView(QWidget *parent = nullptr);

    // Bytes from text: hex digits, ignoring spaces, colons, dashes, newlines and the offset
    // column of a hex dump ("0000:" / "0x0010:").
    static QByteArray bytesFromHexText(const QString &text, QString *error);

    // A capture of one message: raw bytes (a .bin of the UDP payload) or a text file of hex.
    // Returns an error sentence, empty on success.
    QString openFile(const QString &path);

public slots:
    void decodeText(const QString &text);
    void chooseFile();

private:
    void showBytes(const QByteArray &bytes);

    QPlainTextEdit *m_input = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_fields = nullptr;
};

} // namespace leasedesk
