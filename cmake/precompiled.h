// The headers that most LeaseDesk sources include, precompiled once per target (libraries) or
// per test folder (tests) to cut build time: see cmake/CompilerFlags.cmake. Only what a target
// links is included, chosen by the QT_*_LIB macros that each Qt module defines for its users.
// Every source still includes what it uses: building with -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON
// must keep working.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTimer>

#ifdef QT_WIDGETS_LIB
#include <QAbstractTableModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QWidget>
#endif

#ifdef QT_TESTLIB_LIB
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#endif
