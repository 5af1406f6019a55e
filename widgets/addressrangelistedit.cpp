#include "widgets/addressrangelistedit.h"

#include "widgets/fieldmessage.h"
#include "widgets/fieldtext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace leasedesk {

struct AddressRangeListEdit::Row
{
    QWidget *widget = nullptr;
    QLineEdit *start = nullptr;
    QLineEdit *end = nullptr;
    QPushButton *remove = nullptr;
    FieldMessage *message = nullptr;
    QString parseError;
};

AddressRangeListEdit::AddressRangeListEdit(const QString &key, const QString &noun, QWidget *parent)
    : QWidget(parent), m_key(key), m_noun(noun)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    m_message = new FieldMessage(this);
    m_message->setObjectName(key + QStringLiteral(".message"));
    layout->addWidget(m_message);
    m_add = new QPushButton(tr("Add %1").arg(noun), this);
    m_add->setObjectName(key + QStringLiteral(".add"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(m_add, &QPushButton::clicked, this, [this] {
        // One new row at a time, always the last: the rows above it are the document's.
        if (m_rows.size() <= std::size_t(m_loaded.size()))
            appendRow();
        m_rows.back()->start->setFocus();
    });
}

AddressRangeListEdit::~AddressRangeListEdit()
{
    // The rows' editors may still report editingFinished while QWidget deletes them, after
    // m_rows is gone.
    for (const auto &row : m_rows) {
        row->start->disconnect(this);
        row->end->disconnect(this);
    }
}

AddressRangeListEdit::Row &AddressRangeListEdit::appendRow()
{
    auto row = std::make_unique<Row>();
    row->widget = new QWidget(this);
    auto *v = new QVBoxLayout(row->widget);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    auto *h = new QHBoxLayout;
    row->start = new QLineEdit;
    row->start->setPlaceholderText(tr("first address"));
    row->end = new QLineEdit;
    row->end->setPlaceholderText(tr("last address"));
    // Room for the widest address, so nothing is cut off in a narrow window.
    const int width = row->start->fontMetrics().horizontalAdvance(QStringLiteral("198.188.255.255"))
        + 2 * row->start->fontMetrics().averageCharWidth() + 8;
    row->start->setMinimumWidth(width);
    row->end->setMinimumWidth(width);
    row->remove = new QPushButton(tr("Remove"));
    row->remove->setToolTip(tr("Remove this %1").arg(m_noun));
    h->addWidget(row->start, 1);
    h->addWidget(new QLabel(QStringLiteral("–")));
    h->addWidget(row->end, 1);
    h->addWidget(row->remove);
    v->addLayout(h);
    row->message = new FieldMessage;
    v->addWidget(row->message);
    // Before the new row being typed, if there is one.
    m_rowsLayout->insertWidget(int(std::min(m_rows.size(), std::size_t(m_loaded.size()))),
                               row->widget);
    connect(row->start, &QLineEdit::editingFinished, this, &AddressRangeListEdit::commitRows);
    connect(row->end, &QLineEdit::editingFinished, this, &AddressRangeListEdit::commitRows);
    Row *raw = row.get();
    connect(row->remove, &QPushButton::clicked, this, [this, raw] { removeClicked(raw); });
    m_rows.push_back(std::move(row));
    renameRows();
    return *m_rows.back();
}

void AddressRangeListEdit::dropRow(std::size_t index)
{
    // The row may be the sender of the signal being handled: take it out of sight now and
    // delete it once control is back in the event loop.
    QWidget *w = m_rows[index]->widget;
    m_rowsLayout->removeWidget(w);
    w->hide();
    w->setParent(nullptr);
    w->deleteLater();
    m_rows.erase(m_rows.begin() + qsizetype(index));
    renameRows();
}

void AddressRangeListEdit::renameRows()
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const QString base = m_key + QStringLiteral("[%1]").arg(i);
        m_rows[i]->start->setObjectName(base + QStringLiteral(".start"));
        m_rows[i]->end->setObjectName(base + QStringLiteral(".end"));
        m_rows[i]->remove->setObjectName(base + QStringLiteral(".remove"));
        m_rows[i]->message->setObjectName(base + QStringLiteral(".message"));
        m_rows[i]->start->setAccessibleName(tr("%1 %2 start").arg(m_noun).arg(i + 1));
        m_rows[i]->end->setAccessibleName(tr("%1 %2 end").arg(m_noun).arg(i + 1));
    }
}

void AddressRangeListEdit::setRowTexts(Row &row, const AddressRange &range)
{
    row.start->setText(QString::fromStdString(range.start.toString()));
    row.end->setText(QString::fromStdString(range.end.toString()));
    row.parseError.clear();
}

void AddressRangeListEdit::setRanges(const QList<AddressRange> &ranges, bool force)
{
    if (!force && ranges == m_loaded)
        return; // unchanged: keep what is being typed
    // The new row being typed (always the last) survives a change made elsewhere.
    std::unique_ptr<Row> pending;
    if (m_rows.size() > std::size_t(m_loaded.size())) {
        if (force) {
            dropRow(m_rows.size() - 1);
        } else {
            pending = std::move(m_rows.back());
            m_rows.pop_back();
        }
    }
    m_loaded = ranges;
    while (m_rows.size() > std::size_t(ranges.size()))
        dropRow(m_rows.size() - 1);
    while (m_rows.size() < std::size_t(ranges.size()))
        appendRow();
    if (pending)
        m_rows.push_back(std::move(pending));
    renameRows();
    for (qsizetype i = 0; i < ranges.size(); ++i)
        setRowTexts(*m_rows[std::size_t(i)], ranges[i]);
    refreshMessages();
}

void AddressRangeListEdit::setIssues(const QList<ValidationIssue> &issues, const QString &base)
{
    m_issues = issues;
    m_base = base;
    refreshMessages();
}

void AddressRangeListEdit::commitRows()
{
    QList<AddressRange> ranges;
    bool readable = true;
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        Row &row = *m_rows[i];
        const bool existing = i < std::size_t(m_loaded.size());
        const QString start = row.start->text().trimmed();
        const QString end = row.end->text().trimmed();
        row.parseError.clear();
        if (!existing && start.isEmpty() && end.isEmpty())
            continue; // a new row not started yet
        if (!existing && (start.isEmpty() || end.isEmpty())) {
            // Still being typed: not an error, but say that it is not part of the scope yet.
            row.parseError = tr("Enter both addresses to add this %1.").arg(m_noun);
            continue;
        }
        AddressRange range;
        QString why;
        if (!fieldtext::parseAddress(start, false, &range.start, &why)
            || !fieldtext::parseAddress(end, false, &range.end, &why)) {
            row.parseError = why;
            readable = false;
            continue;
        }
        ranges.append(range);
    }
    refreshMessages();
    if (!readable || ranges == m_loaded)
        return;
    const QString action =
        ranges.size() > m_loaded.size() ? tr("Add %1").arg(m_noun) : tr("Change %1").arg(m_noun);
    // The rows already show the new list: the document's echo through setRanges() is then
    // no change, and the row being typed keeps its focus.
    m_loaded = ranges;
    emit rangesEdited(ranges, action);
}

void AddressRangeListEdit::removeClicked(Row *row)
{
    const auto it =
        std::find_if(m_rows.begin(), m_rows.end(), [row](const auto &r) { return r.get() == row; });
    if (it == m_rows.end())
        return;
    const auto index = std::size_t(it - m_rows.begin());
    if (index >= std::size_t(m_loaded.size())) {
        dropRow(index); // never committed: nothing to undo
        refreshMessages();
        return;
    }
    QList<AddressRange> ranges = m_loaded;
    ranges.removeAt(qsizetype(index));
    emit rangesEdited(ranges, tr("Remove %1").arg(m_noun));
}

void AddressRangeListEdit::refreshMessages()
{
    const QString listPath = m_base + m_key;
    QList<ValidationIssue> own;
    for (const ValidationIssue &issue : m_issues)
        if (issue.path == listPath)
            own.append(issue);
    m_message->setMessages({}, own);
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        QList<ValidationIssue> rowIssues;
        // Issues name document indexes; only committed rows have one.
        if (i < std::size_t(m_loaded.size())) {
            const QString rowPath = listPath + QStringLiteral("[%1]").arg(i);
            for (const ValidationIssue &issue : m_issues)
                if (pathIsUnder(issue.path, rowPath))
                    rowIssues.append(issue);
        }
        m_rows[i]->message->setMessages(m_rows[i]->parseError, rowIssues);
    }
}

} // namespace leasedesk
