#pragma once

#include "accesslogcontroller.h"

#include <QtWidgets/QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

/*!
    File → Access Log…: whether the window writes an access log, to which file, in which
    format. OK applies at once (AccessLogController::apply); the choice is remembered.
*/
class AccessLogDialog : public QDialog
{
    Q_OBJECT

public:
    /*! \a commandLinePath: the --access-log of this run, if any, which the dialog mentions. */
    explicit AccessLogDialog(const AccessLogController::Settings &settings,
                             const QString &commandLinePath = {}, QWidget *parent = nullptr);

    /*! What the dialog shows now; the path is absolute. */
    AccessLogController::Settings settings() const;
    void setSettings(const AccessLogController::Settings &settings);

    void accept() override;

private:
    void browse();
    void updateEnabled();

    QCheckBox *m_enabled = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QComboBox *m_format = nullptr;
    QLabel *m_problem = nullptr;
};
