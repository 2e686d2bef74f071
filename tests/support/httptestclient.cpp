#include "httptestclient.h"

#include "router.h"

#include <QtCore/QElapsedTimer>
#include <QtNetwork/QHostAddress>
#include <QtTest/QTest>

#include <sys/socket.h>

#include <utility>

using namespace Qt::StringLiterals;

QByteArray HttpTestClient::Response::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return QByteArray();
}

bool HttpTestClient::Response::isHello() const
{
    return status == 200 && body == Router::helloPage()
        && header("Content-Type") == "text/html; charset=utf-8";
}

bool HttpTestClient::Response::isStatusJson() const
{
    return status == 200 && header("Content-Type") == "application/json" && body.startsWith('{');
}

bool HttpTestClient::Response::closes() const
{
    return header("Connection").compare("close", Qt::CaseInsensitive) == 0;
}

HttpTestClient::HttpTestClient(quint16 port)
{
    // The socket is the context: no callback outlives it.
    QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] {
        if (!m_unsent.isEmpty())
            write(std::exchange(m_unsent, QByteArray()));
    });
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { onReadyRead(); });
    QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
        if (m_socket.isOpen())
            onReadyRead();
        m_closed = true;
        m_closedMs = clockMs();
    });
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
}

HttpTestClient::~HttpTestClient()
{
    m_socket.disconnect(); // no callbacks into a half-destroyed client
    m_socket.abort();
}

qint64 HttpTestClient::clockMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

QByteArray HttpTestClient::request(QByteArrayView method, const QByteArray &target,
                                   const QByteArray &extraHeaders)
{
    return method.toByteArray() + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
        + "\r\n";
}

QByteArray HttpTestClient::exchange(quint16 port, const QByteArray &request, int connectTimeoutMs,
                                    int closeTimeoutMs)
{
    HttpTestClient client(port);
    if (!client.waitForConnected(connectTimeoutMs))
        return QByteArray();
    client.send(request);
    // Whether it closed in time or not, what arrived is the answer.
    (void)QTest::qWaitFor([&client] { return client.isClosed(); }, closeTimeoutMs);
    return client.received();
}

bool HttpTestClient::waitForConnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return isConnected(); }, timeoutMs);
}

void HttpTestClient::send(const QByteArray &bytes, int requests, bool head)
{
    for (int i = 0; i < requests; ++i)
        m_expectHead.push_back(head);
    write(bytes);
}

void HttpTestClient::send(const QByteArray &bytes, const QList<bool> &heads)
{
    for (bool head : heads)
        m_expectHead.push_back(head);
    write(bytes);
}

void HttpTestClient::get(const QByteArray &target, const QByteArray &extraHeaders)
{
    send(request("GET", target, extraHeaders));
}

void HttpTestClient::head(const QByteArray &target)
{
    send(request("HEAD", target), 1, true);
}

void HttpTestClient::reset()
{
    const linger reset {1, 0};
    ::setsockopt(int(m_socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    m_socket.abort();
}

void HttpTestClient::shutdownWrite()
{
    m_socket.flush();
    ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR);
}

void HttpTestClient::write(const QByteArray &bytes)
{
    // Writing and flushing a socket still connecting would make Qt warn; those bytes wait for
    // connected(). Any other state writes, as a plain socket would.
    const QAbstractSocket::SocketState state = m_socket.state();
    if (state == QAbstractSocket::HostLookupState || state == QAbstractSocket::ConnectingState) {
        m_unsent += bytes;
        return;
    }
    m_socket.write(bytes);
    m_socket.flush();
}

void HttpTestClient::onReadyRead()
{
    const QByteArray data = m_socket.readAll();
    m_received.append(data);
    m_buffer.append(data);
    while (m_protocolError.isEmpty() && parseOne()) { }
}

bool HttpTestClient::parseOne()
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    Response response;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QByteArray statusLine = lines.front().trimmed();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.size() < 12) {
        m_protocolError = u"bad status line: "_s + QString::fromLatin1(statusLine.left(60));
        return false;
    }
    response.status = statusLine.mid(9, 3).toInt();
    qint64 length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            m_protocolError = u"bad header line: "_s + QString::fromLatin1(line.left(60));
            return false;
        }
        response.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        if (line.left(colon).compare("Content-Length", Qt::CaseInsensitive) == 0) {
            if (length >= 0) {
                m_protocolError = u"two Content-Length headers"_s;
                return false;
            }
            length = line.mid(colon + 1).trimmed().toLongLong();
        }
    }
    if (length < 0) {
        m_protocolError = u"response without Content-Length"_s;
        return false;
    }
    const bool head = !m_expectHead.empty() && m_expectHead.front();
    const qint64 bodyBytes = head ? 0 : length;
    const qint64 total = headEnd + 4 + bodyBytes;
    if (m_buffer.size() < total)
        return false;
    response.body = m_buffer.mid(headEnd + 4, bodyBytes);
    response.wireBytes = total;
    response.receivedMs = clockMs();
    m_buffer.remove(0, total);
    if (m_expectHead.empty()) {
        m_protocolError = u"a response nobody asked for (status %1)"_s.arg(response.status);
        return false;
    }
    m_expectHead.pop_front();
    m_responses.append(response);
    if (onResponse)
        onResponse(this, m_responses.last());
    return true;
}
