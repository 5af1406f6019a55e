#pragma once

#include "core/configuration.h"

#include <QWidget>

#include <memory>

class QFormLayout;
class QGroupBox;

namespace leasedesk {

class ConfigurationDocument;
template<typename T> class FormBinder;

// Edits the ServerSettings of the ConfigurationDocument (issue 6) with the ScopeEditor's
// rules: one undo command per finished edit ("Change probe timeout"), unreadable text kept
// and explained, the validator's sentences ("server.offer_hold_s") under their field, and
// undo, redo, revert or the engine update the form without pushing anything.
class ServerSettingsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ServerSettingsEditor(ConfigurationDocument *document, QWidget *parent = nullptr);
    ~ServerSettingsEditor() override;

private:
    QGroupBox *buildGeneral();
    QGroupBox *buildConflicts();
    QGroupBox *buildRogue();
    QGroupBox *buildStatistics();
    void refresh(bool force);

    ConfigurationDocument *m_document;
    std::unique_ptr<FormBinder<ServerSettings>> m_binder;
};

} // namespace leasedesk
