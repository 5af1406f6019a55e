#include "widgets/fieldmessage.h"

#include <QVBoxLayout>

namespace leasedesk {

FieldMessage::FieldMessage(QWidget *parent) : QLabel(parent)
{
    // The texts quote what the admin typed: never let "<b>" be interpreted.
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void FieldMessage::setMessages(const QString &parseError, const QList<ValidationIssue> &issues)
{
    QStringList lines;
    m_error = !parseError.isEmpty();
    if (m_error)
        lines.append(parseError);
    for (const ValidationIssue &issue : issues) {
        m_error = m_error || issue.isError();
        lines.append(issue.isError() ? issue.message : tr("Warning: %1").arg(issue.message));
    }
    // Red for what blocks Apply, amber for warnings; dark enough to read on a light window.
    QPalette pal = palette();
    pal.setColor(QPalette::WindowText,
                 m_error ? QColor(0xb3, 0x1b, 0x1b) : QColor(0x8a, 0x5a, 0x00));
    setPalette(pal);
    setText(lines.join(u'\n'));
    setVisible(!lines.isEmpty());
}

bool pathIsUnder(const QString &path, const QString &prefix)
{
    if (!path.startsWith(prefix))
        return false;
    if (path.size() == prefix.size() || prefix.endsWith(u'.'))
        return true;
    const QChar next = path.at(prefix.size());
    return next == u'.' || next == u'[';
}

QWidget *fieldWithMessage(QWidget *editor, FieldMessage *message)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(editor);
    layout->addWidget(message);
    return box;
}

} // namespace leasedesk
