#include "widgets/timeserieschart.h"

#include "widgets/qtchartstimeseries.h"

namespace leasedesk {

TimeSeriesChart *createTimeSeriesChart(QWidget *parent)
{
    return new QtChartsTimeSeries(parent);
}

} // namespace leasedesk
