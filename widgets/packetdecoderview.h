#pragma once

#include <QWidget>

class QPlainTextEdit;

namespace leasedesk {

class PacketDetailView;

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
    QPlainTextEdit *m_input = nullptr;
    PacketDetailView *m_detail = nullptr; // the inspector's fields and hex dump
};

} // namespace leasedesk
