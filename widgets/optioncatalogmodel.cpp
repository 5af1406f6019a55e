#include "widgets/optioncatalogmodel.h"

#include "proto/optiondefinition.h"
#include "widgets/optionrules.h"

namespace leasedesk {

namespace {

constexpr int FirstCode = 1; // 0 (PAD) and 255 (END) are not options
constexpr int LastCode = 254;

QString fromView(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

OptionCatalogModel::OptionCatalogModel(QObject *parent) : QAbstractTableModel(parent)
{
    for (int code = FirstCode; code <= LastCode; ++code)
        m_owned.append(serverOwnedOptionReason(quint8(code)));
}

void OptionCatalogModel::setTakenCodes(const QSet<int> &codes)
{
    m_taken = codes;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString OptionCatalogModel::refusal(quint8 code) const
{
    if (code < FirstCode || code > LastCode)
        return tr("%1 is not an option one sets").arg(code);
    if (const QString owned = m_owned[rowOf(code)]; !owned.isEmpty())
        return tr("Set by the server: %1").arg(owned);
    if (m_taken.contains(code))
        return tr("Already set: change its value in the list");
    return {};
}

int OptionCatalogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : LastCode - FirstCode + 1;
}

int OptionCatalogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OptionCatalogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const quint8 code = quint8(index.row() + FirstCode);
    switch (role) {
    case Qt::DisplayRole: return display(code, index.column());
    case CodeRole: return int(code);
    case KnownRole: return proto::findOptionDefinition(code) != nullptr;
    case RefusalRole: return refusal(code);
    case Qt::ToolTipRole: return refusal(code);
    case Qt::TextAlignmentRole:
        if (index.column() == Code)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant OptionCatalogModel::display(quint8 code, int column) const
{
    const proto::OptionDefinition def = proto::optionDefinitionOrGeneric(code);
    switch (column) {
    case Code: return int(code);
    case Name: return optionName(code);
    case Type: return optionTypeDescription(def.type);
    case Rfc: return proto::findOptionDefinition(code) ? fromView(def.rfc) : tr("not in the table");
    case Note: return refusal(code);
    }
    return {};
}

QVariant OptionCatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Code: return tr("Code");
    case Name: return tr("Option");
    case Type: return tr("Value");
    case Rfc: return tr("Defined in");
    case Note: return tr("Note");
    }
    return {};
}

Qt::ItemFlags OptionCatalogModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    const quint8 code = quint8(index.row() + FirstCode);
    if (!refusal(code).isEmpty())
        return Qt::ItemNeverHasChildren; // shown, greyed out, not selectable
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void OptionCatalogFilter::setSearch(const QString &text)
{
    m_words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool OptionCatalogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString code = QString::number(row.data(OptionCatalogModel::CodeRole).toInt());
    const QString name =
        sourceModel()->index(sourceRow, OptionCatalogModel::Name, sourceParent).data().toString();
    const bool known = row.data(OptionCatalogModel::KnownRole).toBool();
    bool codeTyped = false;
    for (const QString &word : m_words) {
        codeTyped = codeTyped || word == code;
        const bool matchesCode = known && code.startsWith(word);
        if (!matchesCode && word != code && !name.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return known || codeTyped;
}

} // namespace leasedesk
