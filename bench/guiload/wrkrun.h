#pragma once

#include <QtCore/QObject>
#include <QtCore/QProcess>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <QtCore/QUrl>

/*!
    One run of the wrk load generator as a child process, bounded in time: started with a
    fixed duration and killed if it overruns it by far. Parses wrk's summary (requests per
    second, latency, socket errors) when it finishes.
*/
class WrkRun : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString program = QStringLiteral("wrk");
        int threads = 1;
        int connections = 64;
        int durationS = 10;
        //! How long past its duration wrk may run before it is killed (a hung wrk).
        int overrunMs = 15000;
    };

    explicit WrkRun(QObject *parent = nullptr);
    ~WrkRun() override;

    /*! Starts wrk against \a url; emits finished() once, also when wrk cannot start. */
    void start(const Settings &settings, const QUrl &url);

    QStringList arguments() const { return m_arguments; }
    bool isOk() const { return m_ok; }
    QString errorString() const { return m_error; }
    double requestsPerSecond() const { return m_requestsPerSecond; }
    QString latencyLine() const { return m_latencyLine; }
    /*! wrk's "Socket errors" and "Non-2xx" lines, empty when there were none. */
    QStringList problemLines() const { return m_problemLines; }

Q_SIGNALS:
    void finished();

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void parse(const QString &output);

    QProcess m_process;
    QTimer m_overrun; // one per run: a finished run's must not end the next one
    QStringList m_arguments;
    bool m_ok = false;
    bool m_done = false;
    QString m_error;
    double m_requestsPerSecond = 0.0;
    QString m_latencyLine;
    QStringList m_problemLines;
};
