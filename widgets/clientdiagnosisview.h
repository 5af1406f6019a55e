#pragma once

#include "core/lease.h"

#include <QByteArray>
#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QTableWidget;
class QTextBrowser;
class QTimer;

namespace leasedesk {

class TransactionModel;

// The "why no address" panel (issue 7): pick or type a client's MAC, press Explain, read
// what happened to it in plain sentences, with its exchanges listed below. Follows the model
// live: new packets of the explained client update the text.
class ClientDiagnosisView : public QWidget
{
    Q_OBJECT
public:
    explicit ClientDiagnosisView(TransactionModel *model, QWidget *parent = nullptr);

    // The lease table's rows; each explanation uses those of its MAC.
    void setLeases(const QList<Lease> &all);
    void explain(const QByteArray &mac);
    QString explanationText() const; // the sentences, one a line
    QByteArray explainedMac() const { return m_mac; }

signals:
    void transactionActivated(quint64 id);

protected:
    void showEvent(QShowEvent *event) override;

private:
    static constexpr int MaxListedClients = 500;

    void explainTyped();
    void refreshClients();
    void modelChanged();
    void fillTable(const QByteArray &mac);
    void showSentences(const QStringList &sentences);

    TransactionModel *m_model;
    QList<Lease> m_leases;
    QByteArray m_mac;
    QStringList m_sentences;
    QList<QByteArray> m_clients; // as the combo box lists them
    QComboBox *m_macs;
    QAction *m_explain;
    QTextBrowser *m_text;
    QTableWidget *m_table;
    bool m_stale = false;
    QTimer *m_refresh; // coalesces model changes: live traffic changes it many times a second
};

} // namespace leasedesk
