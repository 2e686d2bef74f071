#include "socketdevice.h"

#include <QtCore/QString>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

SocketDevice::SocketDevice(int descriptor, QObject *parent)
    : QIODevice(parent)
    , m_descriptor(descriptor)
{
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

SocketDevice::~SocketDevice()
{
    SocketDevice::close();
}

void SocketDevice::close()
{
    if (m_descriptor < 0)
        return;
    QIODevice::close();
    ::close(m_descriptor);
    m_descriptor = -1;
}

int SocketDevice::releaseDescriptor()
{
    const int descriptor = m_descriptor;
    m_descriptor = -1;
    QIODevice::close();
    return descriptor;
}

qint64 SocketDevice::readData(char *data, qint64 maxSize)
{
    for (;;) {
        const ssize_t n = ::recv(m_descriptor, data, size_t(maxSize), 0);
        if (n > 0)
            return n;
        if (n == 0)
            return -1; // end of stream
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        return -1; // reset or other error: the caller closes quietly
    }
}

qint64 SocketDevice::writeData(const char *data, qint64 size)
{
    for (;;) {
        // MSG_NOSIGNAL: a peer that went away must not kill the process with SIGPIPE.
        const ssize_t n = ::send(m_descriptor, data, size_t(size), MSG_NOSIGNAL);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        return -1;
    }
}

bool SocketDevice::prepareDescriptor(int descriptor)
{
    const int flags = ::fcntl(descriptor, F_GETFL);
    if (flags < 0 || ::fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) < 0)
        return false;
    const int one = 1;
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
}

bool SocketDevice::peerAddress(int descriptor, QString *address, quint16 *port)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof storage;
    if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
    char text[INET6_ADDRSTRLEN] = {};
    if (storage.ss_family == AF_INET) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(&storage);
        ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        *port = ntohs(in->sin_port);
    } else if (storage.ss_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&storage);
        ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        *port = ntohs(in6->sin6_port);
    } else {
        return false;
    }
    *address = QString::fromLatin1(text);
    // Dual-stack listeners report IPv4 peers as ::ffff:a.b.c.d; show the IPv4 form.
    if (address->startsWith(QLatin1StringView("::ffff:")) && address->contains(u'.'))
        address->remove(0, 7);
    return true;
}
