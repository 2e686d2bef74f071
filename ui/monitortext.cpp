#include "monitortext.h"

#include <QtCore/QLocale>

QString MonitorText::threadName(int thread)
{
    if (thread < 0)
        return tr("no thread (timer)");
    if (thread == 0)
        return tr("server thread");
    return tr("worker %1").arg(thread);
}

QString MonitorText::kernelQueueName()
{
    return tr("waiting: unread", "timeline lane: bytes arrived, in the kernel, not read yet");
}

QString MonitorText::turnQueueName()
{
    return tr("waiting: turn", "timeline lane: parsed, waiting for its turn (Sequential)");
}

QString MonitorText::poolQueueName()
{
    return tr("waiting: pool", "timeline lane: parsed, waiting for a free worker (Pooled)");
}

QString MonitorText::timersLaneName()
{
    return tr("timers (no thread)", "timeline lane: sleeps parked on a timer, no thread held");
}

QString MonitorText::modeName(DispatchMode mode)
{
    switch (mode) {
    case DispatchMode::Sequential:
        return tr("Sequential");
    case DispatchMode::Concurrent:
        return tr("Concurrent");
    case DispatchMode::Pooled:
        break;
    }
    return tr("Pooled");
}

QString MonitorText::stateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Reading:
        return tr("reading");
    case ConnectionState::Queued:
        return tr("queued");
    case ConnectionState::Handling:
        return tr("handling");
    case ConnectionState::Sleeping:
        return tr("sleeping");
    case ConnectionState::Writing:
        return tr("writing");
    case ConnectionState::Idle:
        return tr("idle");
    case ConnectionState::Closed:
        break;
    }
    return tr("closed");
}

QString MonitorText::durationText(qint64 us)
{
    const QLocale locale;
    if (us < 1000)
        return tr("%1 µs").arg(locale.toString(us));
    if (us < 1000000)
        return tr("%1 ms").arg(locale.toString(double(us) / 1000.0, 'f', us < 100000 ? 1 : 0));
    return tr("%1 s").arg(locale.toString(double(us) / 1000000.0, 'f', 2));
}

QString MonitorText::axisDurationText(qint64 us)
{
    const QLocale locale;
    const auto shortest = [&locale](double value) {
        return locale.toString(value, 'f', QLocale::FloatingPointShortest);
    };
    if (us < 1000)
        return tr("%1 µs").arg(locale.toString(us));
    if (us < 1000000)
        return tr("%1 ms").arg(shortest(double(us) / 1000.0));
    return tr("%1 s").arg(shortest(double(us) / 1000000.0));
}

QString MonitorText::secondsText(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const QChar zero(u'0');
    if (seconds < 3600)
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, zero);
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, zero)
        .arg(seconds % 60, 2, 10, zero);
}

QString MonitorText::peerText(const QString &address, quint16 port)
{
    if (port == 0)
        return address;
    if (address.contains(u':'))
        return u'[' + address + QStringLiteral("]:") + QString::number(port);
    return address + u':' + QString::number(port);
}
