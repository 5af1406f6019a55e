#pragma once

#include <QByteArray>
#include <QPlainTextEdit>
#include <QString>

namespace leasedesk {

// Where each byte lies in a hex dump line, kept apart from the widget so the maths is tested:
// "0000  01 01 06 00 39 03 f3 26  00 00 00 00 00 00 00 00  ....9..&........"
// Four hex digits of offset are enough: a DHCP message is at most 65507 bytes.
struct HexDumpLayout
{
    static constexpr int BytesPerLine = 16;
    static constexpr int GroupSize = 8; // an extra space after the 8th byte, as in hexdump -C
    static constexpr int HexStart = 6; // "0000" and two spaces
    static constexpr int AsciiStart = HexStart + BytesPerLine * 3 + 1 + 1; // 56
    static constexpr int LineLength = AsciiStart + BytesPerLine;

    static int line(qsizetype byte) { return int(byte / BytesPerLine); }
    // The column of the byte's first hex digit, and of its character in the ASCII column.
    static int hexColumn(qsizetype byte);
    static int asciiColumn(qsizetype byte);
    // The byte at (line, column) of a dump of `size` bytes, or -1: a hex digit, the space
    // after it, or the byte's ASCII character.
    static qsizetype byteAt(int line, int column, qsizetype size);
    static QString formatLine(const QByteArray &bytes, int line);
};

// A read-only hex dump of a message's bytes that can highlight one field (as the packet
// detail's field tree selects it) and tells which byte was clicked.
class HexDumpView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit HexDumpView(QWidget *parent = nullptr);

    void setBytes(const QByteArray &bytes);
    const QByteArray &bytes() const { return m_bytes; }
    // Highlights the bytes in both columns and scrolls them into view; a length of 0 clears.
    void highlight(qsizetype offset, qsizetype length);
    qsizetype highlightedOffset() const { return m_highlightOffset; }
    qsizetype highlightedLength() const { return m_highlightLength; }

signals:
    void byteClicked(qsizetype offset);

protected:
    void mousePressEvent(QMouseEvent *event) override;

private:
    QTextEdit::ExtraSelection selection(int line, int fromColumn, int toColumn) const;

    QByteArray m_bytes;
    qsizetype m_highlightOffset = 0;
    qsizetype m_highlightLength = 0;
};

} // namespace leasedesk
