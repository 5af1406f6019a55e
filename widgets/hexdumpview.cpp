#include "widgets/hexdumpview.h"

#include <QFontDatabase>
#include <QMouseEvent>
#include <QTextBlock>

namespace leasedesk {

int HexDumpLayout::hexColumn(qsizetype byte)
{
    const int k = int(byte % BytesPerLine);
    return HexStart + 3 * k + (k >= GroupSize ? 1 : 0);
}

int HexDumpLayout::asciiColumn(qsizetype byte)
{
    return AsciiStart + int(byte % BytesPerLine);
}

qsizetype HexDumpLayout::byteAt(int line, int column, qsizetype size)
{
    int k = -1;
    if (column >= AsciiStart && column < LineLength) {
        k = column - AsciiStart;
    } else if (column >= HexStart && column < AsciiStart - 1) {
        // A byte owns its two digits and the space after them; the group gap's extra space
        // belongs to the 8th byte.
        const int c = column - HexStart;
        const int gap = GroupSize * 3;
        k = c < gap ? c / 3 : c == gap ? GroupSize - 1 : GroupSize + (c - gap - 1) / 3;
    }
    if (line < 0 || k < 0)
        return -1;
    const qsizetype byte = qsizetype(line) * BytesPerLine + k;
    return byte < size ? byte : -1;
}

QString HexDumpLayout::formatLine(const QByteArray &bytes, int line)
{
    const qsizetype first = qsizetype(line) * BytesPerLine;
    QString text(LineLength, QLatin1Char(' '));
    const QString offset = QStringLiteral("%1").arg(first, 4, 16, QLatin1Char('0'));
    text.replace(0, offset.size(), offset);
    const qsizetype end = std::min(bytes.size(), first + BytesPerLine);
    static const char digits[] = "0123456789abcdef";
    for (qsizetype i = first; i < end; ++i) {
        const auto b = quint8(bytes.at(i));
        const int h = hexColumn(i);
        text[h] = QLatin1Char(digits[b >> 4]);
        text[h + 1] = QLatin1Char(digits[b & 0xf]);
        text[asciiColumn(i)] = b >= 0x20 && b < 0x7f ? QLatin1Char(char(b)) : QLatin1Char('.');
    }
    // A short last line ends after its last character, not with trailing spaces.
    if (end - first < BytesPerLine)
        text.truncate(asciiColumn(end - 1) + 1);
    return text;
}

HexDumpView::HexDumpView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
}

void HexDumpView::setBytes(const QByteArray &bytes)
{
    m_bytes = bytes;
    m_highlightLength = 0;
    m_highlightOffset = 0;
    QStringList lines;
    const int count =
        int((bytes.size() + HexDumpLayout::BytesPerLine - 1) / HexDumpLayout::BytesPerLine);
    for (int line = 0; line < count; ++line)
        lines.append(HexDumpLayout::formatLine(bytes, line));
    setExtraSelections({});
    setPlainText(lines.join(QLatin1Char('\n')));
}

QTextEdit::ExtraSelection HexDumpView::selection(int line, int fromColumn, int toColumn) const
{
    QTextEdit::ExtraSelection s;
    s.format.setBackground(palette().brush(QPalette::Highlight));
    s.format.setForeground(palette().brush(QPalette::HighlightedText));
    const int start = document()->findBlockByNumber(line).position();
    s.cursor = QTextCursor(document());
    s.cursor.setPosition(start + fromColumn);
    s.cursor.setPosition(start + toColumn, QTextCursor::KeepAnchor);
    return s;
}

void HexDumpView::highlight(qsizetype offset, qsizetype length)
{
    offset = std::clamp<qsizetype>(offset, 0, m_bytes.size());
    length = std::clamp<qsizetype>(length, 0, m_bytes.size() - offset);
    m_highlightOffset = offset;
    m_highlightLength = length;
    QList<QTextEdit::ExtraSelection> selections;
    if (length == 0) {
        setExtraSelections(selections);
        return;
    }
    const qsizetype last = offset + length - 1;
    for (int line = HexDumpLayout::line(offset); line <= HexDumpLayout::line(last); ++line) {
        const qsizetype lineStart = qsizetype(line) * HexDumpLayout::BytesPerLine;
        const qsizetype from = std::max(offset, lineStart);
        const qsizetype to = std::min(last, lineStart + HexDumpLayout::BytesPerLine - 1);
        selections.append(
            selection(line, HexDumpLayout::hexColumn(from), HexDumpLayout::hexColumn(to) + 2));
        selections.append(
            selection(line, HexDumpLayout::asciiColumn(from), HexDumpLayout::asciiColumn(to) + 1));
    }
    setExtraSelections(selections);
    // The field's first line in the middle of the view when some of it is out of sight, so
    // the bytes around it show too; left alone when it is all visible (a click on a byte must
    // not move the byte away from under the pointer).
    QTextCursor end = selections.back().cursor;
    end.setPosition(end.selectionEnd());
    QTextCursor start = selections.front().cursor;
    start.setPosition(start.selectionStart());
    const QRect view = viewport()->rect();
    const bool visible = view.contains(cursorRect(start)) && view.contains(cursorRect(end));
    setTextCursor(start);
    if (!visible)
        centerCursor();
}

void HexDumpView::mousePressEvent(QMouseEvent *event)
{
    QPlainTextEdit::mousePressEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    // cursorForPosition gives the nearest boundary; the character under the pointer is the
    // one before it when the boundary lies right of the click.
    QTextCursor cursor = cursorForPosition(event->position().toPoint());
    if (cursorRect(cursor).left() > event->position().x() && cursor.positionInBlock() > 0)
        cursor.movePosition(QTextCursor::Left);
    const qsizetype byte =
        HexDumpLayout::byteAt(cursor.blockNumber(), cursor.positionInBlock(), m_bytes.size());
    if (byte >= 0)
        emit byteClicked(byte);
}

} // namespace leasedesk
