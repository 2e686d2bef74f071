#include "socketdevice.h"

#include "platform.h"
#include "serverclock.h"

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
    Platform::closeSocket(m_descriptor);
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
    qint64 arrivalNs = 0;
    const qint64 n = Platform::receive(m_descriptor, data, maxSize, &arrivalNs);
    if (n > 0)
        m_lastArrivalUs = arrivalNs > 0 ? ServerClock::fromRealtimeNs(arrivalNs) : 0;
    return n;
}

qint64 SocketDevice::writeData(const char *data, qint64 size)
{
    return Platform::send(m_descriptor, data, size);
}
