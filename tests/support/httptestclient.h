#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>
#include <QtNetwork/QTcpSocket>

#include <deque>
#include <functional>

/*!
    A small HTTP/1.1 client on a QTcpSocket to 127.0.0.1, in the test's thread and driven by
    its event loop (QTRY_* and QSignalSpy::wait keep it going), so a test can hold many
    connections open at once. It sends raw bytes, so malformed and pipelined requests go out as
    written, and parses responses as they arrive (Content-Length framing; HEAD answers carry no
    body), recording when each one completed on clockMs().

    Bytes sent before the connection is up go out once it is: a test may construct a client and
    send at once. Everything received is also kept unparsed, in received().
*/
class HttpTestClient
{
public:
    /*! One parsed response as the client saw it. */
    struct Response
    {
        int status = 0;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        qint64 wireBytes = 0; //!< head and body as received
        qint64 receivedMs = 0; //!< clockMs() when the last byte was processed

        /*! The first header called \a name (any case); empty if there is none. */
        QByteArray header(QByteArrayView name) const;
        /*! 200 with the server's hello page as HTML. */
        bool isHello() const;
        /*! 200 with a JSON object, as /-/status answers. */
        bool isStatusJson() const;
        /*! The server said it closes the connection (Connection: close). */
        bool closes() const;
    };

    /*! The header that asks the server to close after its response, for get()'s extras. */
    static constexpr char connectionClose[] = "Connection: close\r\n";

    /*! Connects to 127.0.0.1:\a port (asynchronously). */
    explicit HttpTestClient(quint16 port);
    ~HttpTestClient();
    HttpTestClient(const HttpTestClient &) = delete;
    HttpTestClient &operator=(const HttpTestClient &) = delete;

    /*! Milliseconds on a monotonic clock that every client in the process shares. */
    static qint64 clockMs();

    /*! A request head: "<method> <target> HTTP/1.1", Host: 127.0.0.1, then \a extraHeaders. */
    static QByteArray request(QByteArrayView method, const QByteArray &target,
                              const QByteArray &extraHeaders = {});

    /*!
        Sends \a request on a new connection to 127.0.0.1:\a port and returns everything
        received until the server closes it (the request should ask it to), or until
        \a closeTimeoutMs passed; empty if it cannot connect within \a connectTimeoutMs.
    */
    static QByteArray exchange(quint16 port, const QByteArray &request, int connectTimeoutMs = 5000,
                               int closeTimeoutMs = 10000);

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    /*! Runs the event loop until connected, at most \a timeoutMs; whether it is. */
    bool waitForConnected(int timeoutMs);
    /*! The connection ended (closed by the server, or aborted here). */
    bool isClosed() const { return m_closed; }
    qint64 closedMs() const { return m_closedMs; }

    /*! Sends \a bytes holding \a requests requests, in one write. */
    void send(const QByteArray &bytes, int requests = 1, bool head = false);
    /*! Sends pipelined requests in one write; \a heads says which of them are HEAD. */
    void send(const QByteArray &bytes, const QList<bool> &heads);
    void get(const QByteArray &target, const QByteArray &extraHeaders = {});
    void head(const QByteArray &target);
    void abort() { m_socket.abort(); }
    /*! Closes with a reset (SO_LINGER 0), as a client that crashed or gave up does. */
    void reset();
    /*! Sends what is buffered, then shuts the sending side down (a FIN): the client leaves. */
    void shutdownWrite();

    const QList<Response> &responses() const { return m_responses; }
    qsizetype responseCount() const { return m_responses.size(); }
    const Response &last() const { return m_responses.last(); }
    /*! Requests sent whose response has not arrived. */
    qsizetype outstanding() const { return qsizetype(m_expectHead.size()); }
    /*! Set when the bytes received are not a well-formed response. */
    const QString &protocolError() const { return m_protocolError; }
    qint64 bytesReceived() const { return m_received.size(); }
    /*! Every byte received so far, parsed or not. */
    const QByteArray &received() const { return m_received; }

    /*! Called for each response as it completes (it may send the next request). */
    std::function<void(HttpTestClient *client, const Response &response)> onResponse;

private:
    void write(const QByteArray &bytes);
    void onReadyRead();
    bool parseOne();

    QTcpSocket m_socket;
    QByteArray m_unsent; //!< written before the connection was up
    QByteArray m_received;
    QByteArray m_buffer; //!< received, not yet parsed
    std::deque<bool> m_expectHead; //!< per request awaiting its response: was it HEAD?
    QList<Response> m_responses;
    QString m_protocolError;
    qint64 m_closedMs = -1;
    bool m_closed = false;
};
