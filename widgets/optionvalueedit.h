#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QVBoxLayout;

namespace leasedesk {

// One option's value, edited with the field its type calls for: a spin box for U8, U16 and
// I32, a check box for Bool, a line edit for the rest (U32 does not fit a QSpinBox's int).
// Whatever the field, the text it yields is in optiontext.h syntax and is checked by the
// server's own parser; the parser's message (or a refusal the owner sets) is shown under the
// field as plain text.
class OptionValueEdit : public QWidget
{
    Q_OBJECT
public:
    explicit OptionValueEdit(QWidget *parent = nullptr);

    // Builds the field for the option's type and shows value in it; emits nothing.
    void setOption(quint8 code, const QString &value);
    quint8 code() const { return m_code; }
    // The value as the parser reads it.
    QString text() const;
    // What is wrong with text(): the refusal when one is set, else the parser's message.
    QString message() const;
    bool isAcceptable() const { return message().isEmpty(); }
    // A reason beyond the value itself (a duplicate code, a server-owned option).
    void setRefusal(const QString &reason);

signals:
    void textChanged(); // every change; message() is already up to date
    void committed(); // the user finished an edit: Return, leaving the field, a toggle, a step

private:
    void clearField();
    void buildLine(const QString &value);
    void buildSpin(const QString &value);
    void buildCheck(const QString &value);
    void buildEmpty();
    void changed();
    void showMessage();

    quint8 m_code = 0;
    QString m_refusal;
    bool m_touched = false; // the user has changed the value since setOption()
    QVBoxLayout *m_layout = nullptr;
    QWidget *m_field = nullptr; // the current field, one of the following or a label
    QLineEdit *m_line = nullptr;
    QSpinBox *m_spin = nullptr;
    QCheckBox *m_check = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace leasedesk
