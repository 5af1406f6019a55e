#pragma once

#include "core/configurationvalidator.h"
#include "widgets/fieldmessage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace leasedesk {

// Binds the fields of a form to one value of type T (a Scope, the ServerSettings) held by the
// ConfigurationDocument. Every field follows the same rules, so the editors need no code of
// their own per field:
// - an edit is committed once, when it is finished (editingFinished; toggled or valueChanged
//   for boxes), as a whole new T, so the document pushes one undo command for it;
// - text that cannot be read is not committed: the field keeps it and says why underneath;
// - load() shows the document's value without committing anything (undo, revert, engine);
//   a field whose value did not change keeps what the admin is typing in it;
// - showIssues() puts the validator's sentences under the field whose JSON key they name.
// The key of a field ("router", "boot_file.bios") is its JSON key under the value, its
// object name (tests and accessibility find it by that) and, with ".message", its message's.
template<typename T> class FormBinder
{
public:
    struct Hooks
    {
        std::function<const T *()> current; // nullptr when there is nothing to edit
        std::function<void(const T &next, const QString &what)> commit;
        std::function<QList<ValidationIssue>(const QString &key)> issuesFor;
    };
    using Format = std::function<QString(const T &)>;
    using Parse = std::function<bool(const QString &text, T &value, QString *why)>;

    explicit FormBinder(Hooks hooks) : m_hooks(std::move(hooks)) { }
    // The editors outlive the binder by a moment (QWidget deletes its children after the
    // editor's members are gone): no signal of theirs may reach it after that.
    ~FormBinder()
    {
        for (const QMetaObject::Connection &c : m_connections)
            QObject::disconnect(c);
    }
    FormBinder(const FormBinder &) = delete;
    FormBinder &operator=(const FormBinder &) = delete;

    QLineEdit *addLine(QFormLayout *form, const QString &label, const QString &key,
                       const QString &what, Format format, Parse parse)
    {
        auto *edit = new QLineEdit;
        Field &f = addRow(form, label, edit, key);
        f.load = [edit, format, &f](const T &value, bool force) {
            const QString text = format(value);
            if (force || text != f.loadedText) {
                edit->setText(text);
                f.parseError.clear();
            }
            f.loadedText = text;
        };
        m_connections.append(QObject::connect(edit, &QLineEdit::editingFinished, edit,
                                              [this, edit, parse, what, &f] {
                                                  const T *current = m_hooks.current();
                                                  if (m_loading || !current)
                                                      return;
                                                  T next = *current;
                                                  QString why;
                                                  if (!parse(edit->text(), next, &why)) {
                                                      f.parseError = why;
                                                      refreshMessage(f);
                                                      return;
                                                  }
                                                  f.parseError.clear();
                                                  m_hooks.commit(next, what);
                                                  // Show the text as the document holds it
                                                  // ("198.18.0.1" for " 198.18.0.1"), also when the
                                                  // commit changed nothing and so reloaded nothing.
                                                  if (const T *now = m_hooks.current())
                                                      f.load(*now, true);
                                                  refreshMessage(f);
                                              }));
        return edit;
    }

    QSpinBox *addSpin(QFormLayout *form, const QString &label, const QString &key,
                      const QString &what, int minimum, int maximum, const QString &suffix,
                      std::function<qint64(const T &)> get, std::function<void(T &, int)> set)
    {
        auto *spin = new QSpinBox;
        spin->setRange(minimum, maximum);
        spin->setSuffix(suffix);
        spin->setGroupSeparatorShown(true);
        // One command when the admin has finished typing "3600", not one per digit.
        spin->setKeyboardTracking(false);
        // A number reads badly stretched over the whole column.
        spin->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        spin->setMinimumWidth(160);
        Field &f = addRow(form, label, spin, key);
        f.load = [spin, get](const T &value, bool) {
            spin->setValue(int(std::clamp<qint64>(get(value), spin->minimum(), spin->maximum())));
        };
        m_connections.append(
            QObject::connect(spin, &QSpinBox::valueChanged, spin, [this, set, what](int v) {
                commitWith(what, [&](T &next) { set(next, v); });
            }));
        return spin;
    }

    QCheckBox *addCheck(QFormLayout *form, const QString &label, const QString &text,
                        const QString &key, const QString &what, std::function<bool(const T &)> get,
                        std::function<void(T &, bool)> set)
    {
        auto *check = new QCheckBox(text);
        Field &f = addRow(form, label, check, key);
        f.load = [check, get](const T &value, bool) {
            check->setChecked(get(value));
        };
        m_connections.append(
            QObject::connect(check, &QCheckBox::toggled, check, [this, set, what](bool on) {
                commitWith(what, [&](T &next) { set(next, on); });
            }));
        return check;
    }

    QComboBox *addCombo(QFormLayout *form, const QString &label, const QString &key,
                        const QString &what, const QStringList &items,
                        std::function<int(const T &)> get, std::function<void(T &, int)> set)
    {
        auto *combo = new QComboBox;
        combo->addItems(items);
        combo->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        Field &f = addRow(form, label, combo, key);
        f.load = [combo, get](const T &value, bool) {
            combo->setCurrentIndex(get(value));
        };
        m_connections.append(QObject::connect(
            combo, &QComboBox::currentIndexChanged, combo, [this, set, what](int index) {
                if (index >= 0)
                    commitWith(what, [&](T &next) { set(next, index); });
            }));
        return combo;
    }

    // Shows `value` in every field; `force` also drops what the admin typed (another value).
    void load(const T &value, bool force)
    {
        m_loading = true;
        for (const auto &f : m_fields)
            f->load(value, force);
        m_loading = false;
    }

    bool isLoading() const { return m_loading; }

    void showIssues()
    {
        for (const auto &f : m_fields)
            refreshMessage(*f);
    }

    QStringList keys() const
    {
        QStringList out;
        for (const auto &f : m_fields)
            out.append(f->key);
        return out;
    }

    // Gives every caption (and `others`, the captions of rows the binder does not own) one
    // width, so the fields of the form's separate group boxes start in one column.
    void alignCaptions(const QList<QWidget *> &others = {})
    {
        QList<QWidget *> all = others;
        for (QLabel *caption : m_captions)
            all.append(caption);
        int width = 0;
        for (QWidget *w : all)
            width = std::max(width, w->sizeHint().width());
        for (QWidget *w : all)
            w->setMinimumWidth(width);
    }

    void setEnabled(bool enabled)
    {
        for (const auto &f : m_fields)
            f->editor->setEnabled(enabled);
    }

    // Commits a change that is not a field's own (a list editor's, say) with the same rules.
    void commitWith(const QString &what, const std::function<void(T &)> &change)
    {
        const T *current = m_hooks.current();
        if (m_loading || !current)
            return;
        T next = *current;
        change(next);
        m_hooks.commit(next, what);
    }

private:
    struct Field
    {
        QString key;
        QWidget *editor = nullptr;
        FieldMessage *message = nullptr;
        std::function<void(const T &, bool force)> load;
        QString loadedText;
        QString parseError;
    };

    Field &addRow(QFormLayout *form, const QString &label, QWidget *editor, const QString &key)
    {
        auto field = std::make_unique<Field>();
        field->key = key;
        field->editor = editor;
        field->message = new FieldMessage;
        editor->setObjectName(key);
        field->message->setObjectName(key + QStringLiteral(".message"));
        auto *caption = new QLabel(label);
        caption->setBuddy(editor);
        // Exactly as tall as the editor: QFormLayout puts a caption at the top of a tall row,
        // so it lines up with the editor and not with the editor and its message together.
        caption->setFixedHeight(editor->sizeHint().height());
        m_captions.append(caption);
        form->addRow(caption, fieldWithMessage(editor, field->message));
        m_fields.push_back(std::move(field));
        return *m_fields.back();
    }

    void refreshMessage(Field &f)
    {
        f.message->setMessages(f.parseError, m_hooks.issuesFor(f.key));
    }

    Hooks m_hooks;
    std::vector<std::unique_ptr<Field>> m_fields;
    QList<QLabel *> m_captions;
    QList<QMetaObject::Connection> m_connections;
    bool m_loading = false;
};

} // namespace leasedesk
