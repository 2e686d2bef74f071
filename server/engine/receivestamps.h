#pragma once

#include <QtCore/QtGlobal>

/*!
    What a device can tell about the bytes its last read returned: when they reached the
    machine. A request that waited unread in the kernel (behind a blocked server thread, or in
    the accept queue) has waited too; only the kernel's stamp shows it. HttpConnection asks
    its device for this interface; devices without it (test mocks) count arrival as the read.
*/
class ReceiveStamps
{
public:
    virtual ~ReceiveStamps() = default;
    /*! When the bytes of the last read arrived (ServerClock µs), or 0 when unknown. */
    virtual qint64 lastReadArrivalUs() const = 0;
};
