// servescope-ref-qhttpserver: the reference server bench/compare.py measures ServeScope against.
// Qt's own HTTP server (QHttpServer, Qt 6.4) answering GET / with the same hello.html, on one
// thread, as the chapter's server does; nothing else, so the comparison is of serving alone.

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerResponse>
#include <QtNetwork/QHostAddress>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: servescope-ref-qhttpserver <hello.html> <port>\n");
        return 2;
    }
    QFile file(arguments.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(arguments.at(1)));
        return 1;
    }
    const QByteArray page = file.readAll();

    QHttpServer server;
    server.route(QStringLiteral("/"), [&page] {
        return QHttpServerResponse(QByteArrayLiteral("text/html; charset=utf-8"), page);
    });
    const quint16 port = server.listen(QHostAddress::LocalHost, arguments.at(2).toUShort());
    if (port == 0) {
        std::fprintf(stderr, "cannot listen\n");
        return 1;
    }
    // compare.py waits for this line, as it does for ServeScope's.
    std::printf("listening on http://127.0.0.1:%u/\n", port);
    std::fflush(stdout);
    return app.exec();
}
