#pragma once

#include "core/configuration.h"
#include "core/forecast.h"
#include "core/statisticssample.h"

#include <QAbstractTableModel>
#include <QList>
#include <QMap>
#include <QStyledItemDelegate>

#include <optional>

namespace leasedesk {

// How full a scope is against its thresholds (issue 8); the colour of its bar.
enum class UtilizationLevel { Normal, Warning, Critical };

UtilizationLevel utilizationLevel(double percent, const UtilizationThresholds &thresholds);

// "in about 3 h", "at 14:20 tomorrow", "on 12 May at 09:00": when a forecast runs out, as
// seen at nowS, in local time.
QString runsOutText(qint64 exhaustedAtS, qint64 nowS);

// The utilization table of the Statistics tab (issue 8): one row per scope, in the order of
// the configuration (scopes the configuration does not know yet follow in sample order).
// A sample for the same scopes updates the rows in place (dataChanged), so selection and
// scroll position survive the sampler's every tick. It also keeps each scope's used
// addresses over the forecast window, so the "Runs out" column follows the current rate
// whatever range the charts show.
class UtilizationTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ScopeColumn,
        UtilizationColumn,
        UsedColumn,
        FreeColumn,
        OfferedColumn,
        BoundColumn,
        ReservedColumn,
        QuarantinedColumn,
        RunsOutColumn,
        ColumnCount
    };
    enum Role {
        PercentRole = Qt::UserRole, // double, on every column of a row
        LevelRole, // int(UtilizationLevel)
        ScopeNameRole, // QString
    };

    explicit UtilizationTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Thresholds and scope order.
    void setConfiguration(const Configuration &config);
    // The latest sample: rows follow its scopes; nowS is the clock for the forecasts.
    void setSample(const StatisticsSample &sample, qint64 nowS);
    // Older samples (a history answer) feed the forecasts only; rows stay as they are.
    void addHistory(const QList<StatisticsSample> &samples, qint64 nowS);
    void clear();

    int rowOf(const QString &scope) const; // -1 when unknown
    QString scopeAt(int row) const;
    ScopeUtilization utilization(const QString &scope) const;
    UtilizationThresholds thresholds(const QString &scope) const;
    std::optional<Forecast> forecast(const QString &scope) const;
    // Why a scope has no forecast, for the tooltip; empty when it has one.
    QString noForecastReason(const QString &scope) const;

private:
    struct Row
    {
        ScopeUtilization utilization;
        std::optional<Forecast> forecast;
        QString noForecastReason;
        QMap<qint64, double> used; // timeS -> used addresses, within the forecast window
    };

    QStringList orderFor(const StatisticsSample &sample) const;
    void syncRows(const QStringList &order);
    void updateForecast(Row &row, qint64 nowS) const;
    QVariant displayText(const Row &row, int column) const;
    QString toolTip(const Row &row, int column) const;

    Configuration m_config;
    QList<Row> m_rows;
    qint64 m_nowS = 0;
};

// Paints the Utilization column as a horizontal bar with the percent on it, green, amber or
// red by the scope's own thresholds (the model's LevelRole).
class UtilizationBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QColor levelColor(UtilizationLevel level);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace leasedesk
