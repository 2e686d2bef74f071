#pragma once

#include "receivestamps.h"

#include <QtCore/QIODevice>

/*!
    A thin, unbuffered QIODevice over a connected, non-blocking TCP descriptor: read() and
    write() are one system call each. read() returns 0 when nothing is available and -1 at
    end of stream or on error; write() returns 0 when the kernel buffer is full.
    Each read also takes the kernel's arrival stamp, when the listener asked for them.
    Created in the thread that uses it; owns and closes the descriptor.
*/
class SocketDevice : public QIODevice, public ReceiveStamps
{
    Q_OBJECT

public:
    explicit SocketDevice(int descriptor, QObject *parent = nullptr);
    ~SocketDevice() override;

    int descriptor() const { return m_descriptor; }
    bool isSequential() const override { return true; }
    void close() override;
    /*! Closes the device but not the descriptor, which the caller now owns (-1 if closed). */
    int releaseDescriptor();
    qint64 lastReadArrivalUs() const override { return m_lastArrivalUs; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    int m_descriptor;
    qint64 m_lastArrivalUs = 0;
};
