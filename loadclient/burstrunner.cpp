#include "burstrunner.h"

#include "burstplan.h"
#include "burstworker.h"
#include "happensbefore.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QThread>
#include <QtNetwork/QHostAddress>

#include <algorithm>
#include <atomic>
#include <memory>

namespace {

/*! A report from the burst thread: its progress, or its result. */
class BurstReport : public QEvent
{
public:
    static QEvent::Type eventType()
    {
        static const auto type = QEvent::Type(QEvent::registerEventType());
        return type;
    }

    BurstReport(quint64 generation, const BurstRunner::Result &result)
        : QEvent(eventType())
        , generation(generation)
        , isResult(true)
        , result(result)
    { }
    BurstReport(quint64 generation, int done, int total)
        : QEvent(eventType())
        , generation(generation)
        , done(done)
        , total(total)
    { }

    const quint64 generation;
    const bool isResult = false;
    const BurstRunner::Result result;
    const int done = 0;
    const int total = 0;
};

void post(BurstRunner *runner, BurstReport *report)
{
    HappensBefore::release(report);
    QCoreApplication::postEvent(runner, report);
}

QByteArray requestFor(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = url.port(80);
    if (port != 80)
        host += ':' + QByteArray::number(port);
    return "GET " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nUser-Agent: ServeScope-Burst/" SERVESCOPE_VERSION
          "\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
}

} // namespace

BurstRunner::BurstRunner(QObject *parent)
    : QObject(parent)
{ }

BurstRunner::~BurstRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    // Burst threads are children until they delete themselves; join any still here (the
    // current one, or an earlier one still winding down). A worker stops as soon as its
    // event loop quits, so this join is short.
    const QList<QThread *> threads = findChildren<QThread *>(Qt::FindDirectChildrenOnly);
    for (QThread *thread : threads) {
        thread->quit();
        thread->wait();
    }
}

void BurstRunner::setRequestTimeout(int ms)
{
    m_requestTimeoutMs = std::clamp(ms, 1, maximumRequestTimeoutMs);
}

QString BurstRunner::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return tr("“%1” is not a valid address.").arg(url.toDisplayString());
    if (url.scheme() != QLatin1StringView("http"))
        return tr("Bursts use plain http:// addresses only.");
    const QString host = url.host();
    if (host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0)
        return QString();
    const QHostAddress address(host);
    const bool loopback = (address.protocol() == QAbstractSocket::IPv4Protocol
                           && (address.toIPv4Address() >> 24) == 127)
        || (address.protocol() == QAbstractSocket::IPv6Protocol
            && address.isEqual(QHostAddress(QHostAddress::LocalHostIPv6)));
    if (!loopback)
        return tr("Bursts go only to this computer (127.0.0.1, ::1 or localhost), not to %1.")
            .arg(host);
    return QString();
}

void BurstRunner::start(const QUrl &url, int count, int concurrency)
{
    Result refused;
    refused.url = url;
    refused.requested = count;
    refused.concurrency = concurrency;
    if (m_running) {
        refused.error = tr("A burst is already running.");
    } else if (count < 1 || count > maximumCount) {
        refused.error = tr("The number of requests must be between 1 and %1.").arg(maximumCount);
    } else if (concurrency < 1 || concurrency > maximumConcurrency) {
        refused.error = tr("The concurrency must be between 1 and %1.").arg(maximumConcurrency);
    } else {
        refused.error = checkUrl(url);
    }
    if (!refused.error.isEmpty()) {
        finishLater(refused);
        return;
    }

    BurstPlan plan;
    plan.url = url;
    const QString host = url.host();
    plan.address = host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0
        ? QHostAddress(QHostAddress::LocalHost)
        : QHostAddress(host);
    plan.port = quint16(url.port(80));
    plan.request = requestFor(url);
    plan.count = count;
    plan.concurrency = std::min(concurrency, count);
    plan.timeoutMs = m_requestTimeoutMs;

    ++m_generation;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = m_generation;

    // The worker lives in the burst thread and reports back with events posted to this one
    // (BurstReport). Qt's event queue hands them over out of ThreadSanitizer's sight, so each is
    // released once built, before it is posted, and acquired before it is read: nothing it
    // carries is written after the release, so TSan sees the hand-off whichever thread runs
    // first.
    BurstWorker::Deliver deliver = [this, generation](const Result &result) {
        post(this, new BurstReport(generation, result));
    };
    BurstWorker::Progress progress = [this, generation](int done, int total) {
        post(this, new BurstReport(generation, done, total));
    };

    auto *thread = new QThread(this); // a child until it deletes itself, once finished
    thread->setObjectName(QStringLiteral("ServeScope burst"));
    connect(
        thread, &QThread::started, thread,
        [plan, cancel = m_cancel, deliver, progress] {
            auto *worker = new BurstWorker(plan, cancel, deliver, progress);
            connect(QThread::currentThread(), &QThread::finished, worker, &QObject::deleteLater,
                    Qt::DirectConnection);
            worker->run();
        },
        Qt::DirectConnection);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void BurstRunner::cancel()
{
    if (m_running && m_cancel)
        m_cancel->store(true);
}

void BurstRunner::finish(quint64 generation, const Result &result)
{
    if (!m_running || generation != m_generation)
        return;
    m_running = false;
    Q_EMIT finished(result);
}

void BurstRunner::customEvent(QEvent *event)
{
    if (event->type() != BurstReport::eventType()) {
        QObject::customEvent(event);
        return;
    }
    const auto *report = static_cast<const BurstReport *>(event);
    HappensBefore::acquire(report);
    if (report->isResult)
        finish(report->generation, report->result);
    else if (m_running && report->generation == m_generation)
        Q_EMIT progressChanged(report->done, report->total);
}

void BurstRunner::finishLater(const Result &result)
{
    // Never from inside start(): callers connect first and expect the signal afterwards.
    QMetaObject::invokeMethod(
        this, [this, result] { Q_EMIT finished(result); }, Qt::QueuedConnection);
}

#include "moc_burstrunner.cpp"
