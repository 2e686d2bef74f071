#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>

/*!
    "Look now", posted to an object on another thread and carrying nothing: what it is about
    stays with the receiver, in state that says itself how it crosses (an atomic, a mutex).
    Not a queued call: a call's functor is written by the sender inside invokeMethod() and read
    by the receiver, handed over in Qt's event queue where ThreadSanitizer cannot see, so TSan
    reports a race whenever the receiver finds the call without a wake-up of its dispatcher.
    This event is built inside Qt, which TSan does not instrument. One type serves every
    receiver: each is posted only its own.
*/
class WakeEvent
{
public:
    static QEvent::Type type()
    {
        static const auto registered = QEvent::Type(QEvent::registerEventType());
        return registered;
    }
    static void post(QObject *receiver)
    {
        QCoreApplication::postEvent(receiver, new QEvent(type()));
    }
    static bool is(const QEvent *event) { return event->type() == type(); }
};
