#pragma once

#include "accesslog.h"

#include <QtCore/QObject>
#include <QtCore/QString>

class QSettings;
class Server;

/*!
    The window's access log: the same AccessLog the headless server writes, fed the same event
    batches, with its file and format chosen in the window and remembered (QSettings group
    "accessLog"). The command line's --access-log wins for one run and is not remembered.
*/
class AccessLogController : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        bool enabled = false;
        QString path;
        AccessLog::Format format = AccessLog::Format::Common;

        bool operator==(const Settings &other) const
        {
            return enabled == other.enabled && path == other.path && format == other.format;
        }
        bool operator!=(const Settings &other) const { return !(*this == other); }
    };

    explicit AccessLogController(Server *server, QObject *parent = nullptr);
    ~AccessLogController() override;

    Settings settings() const { return m_settings; }
    /*!
        Opens the log \a settings describe (or closes it when they disable it) and, when it
        opened and \a remember, saves them as the user's choice. On failure the log is closed,
        nothing is saved and errorString() says why.
    */
    bool apply(const Settings &settings, bool remember = true);
    /*! --access-log for this run: applied, not remembered. */
    bool applyForThisRun(const QString &path, AccessLog::Format format);
    /*! True while this run's log comes from the command line. */
    bool isFromCommandLine() const { return m_fromCommandLine; }
    /*! Opens the remembered log, if one is enabled. */
    bool restore(const QSettings &settings);
    static Settings load(const QSettings &settings);
    static void save(QSettings &settings, const Settings &value);

    bool isOpen() const { return m_log.isOpen(); }
    /*! Closes and opens the file again, as SIGHUP does for the headless server (logrotate). */
    bool reopen();
    QString errorString() const { return m_errorString; }
    /*! The last failed() sentence: what went wrong, with the file's name. */
    QString failureMessage() const { return m_failureMessage; }
    qint64 linesWritten() const { return m_log.linesWritten(); }

Q_SIGNALS:
    /*! Opening, reopening or writing failed; \a message is a sentence for the status bar. */
    void failed(const QString &message);
    /*! The log was opened, closed or reopened. */
    void stateChanged();

private:
    void onWriteFailed(const QString &message);
    void fail(const QString &message);

    Server *m_server;
    AccessLog m_log;
    Settings m_settings;
    QString m_errorString;
    QString m_failureMessage;
    bool m_fromCommandLine = false;
};

Q_DECLARE_METATYPE(AccessLogController::Settings)
