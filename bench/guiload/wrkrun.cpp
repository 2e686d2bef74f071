#include "wrkrun.h"

WrkRun::WrkRun(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::finished, this, &WrkRun::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &WrkRun::onErrorOccurred);
    m_overrun.setSingleShot(true);
    connect(&m_overrun, &QTimer::timeout, this, [this] {
        if (m_process.state() != QProcess::NotRunning) {
            m_error = tr("wrk did not finish in time and was killed");
            m_process.kill();
        }
    });
}

WrkRun::~WrkRun()
{
    // Never leave a load generator running; QProcess's destructor reaps it.
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning)
        m_process.kill();
}

void WrkRun::start(const Settings &settings, const QUrl &url)
{
    m_arguments = {QStringLiteral("-t%1").arg(settings.threads),
                   QStringLiteral("-c%1").arg(settings.connections),
                   QStringLiteral("-d%1s").arg(settings.durationS), url.toString()};
    m_ok = false;
    m_done = false;
    m_error.clear();
    m_requestsPerSecond = 0.0;
    m_latencyLine.clear();
    m_problemLines.clear();
    m_process.start(settings.program, m_arguments);
    // wrk stops by itself after its duration; this only bounds a wrk that hangs.
    m_overrun.start(settings.durationS * 1000 + settings.overrunMs);
}

void WrkRun::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_done)
        return;
    m_done = true;
    m_overrun.stop();
    m_error = tr("cannot start %1: %2").arg(m_process.program(), m_process.errorString());
    Q_EMIT finished();
}

void WrkRun::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    m_done = true;
    m_overrun.stop();
    const QString output = QString::fromLocal8Bit(m_process.readAll());
    parse(output);
    if (status != QProcess::NormalExit || exitCode != 0) {
        if (m_error.isEmpty())
            m_error = tr("wrk exited with code %1: %2").arg(exitCode).arg(output.trimmed());
    } else if (m_requestsPerSecond <= 0.0) {
        m_error = tr("no Requests/sec in wrk's output: %1").arg(output.trimmed());
    } else {
        m_ok = true;
    }
    Q_EMIT finished();
}

void WrkRun::parse(const QString &output)
{
    const QStringList lines = output.split(QLatin1Char('\n'));
    for (const QString &raw : lines) {
        const QString line = raw.simplified();
        if (line.startsWith(QLatin1StringView("Requests/sec:")))
            m_requestsPerSecond = line.section(QLatin1Char(' '), 1, 1).toDouble();
        else if (line.startsWith(QLatin1StringView("Latency ")))
            m_latencyLine = line;
        else if (line.startsWith(QLatin1StringView("Socket errors:"))
                 || line.startsWith(QLatin1StringView("Non-2xx")))
            m_problemLines.append(line);
    }
}

#include "moc_wrkrun.cpp"
