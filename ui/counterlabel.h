#pragma once

#include <QtCore/QString>

class QLabel;

/*!
    Sets counter text that changes every frame under load without relayouting the window.
    QLabel::setText() invalidates the layouts up to the window unless the label's size is
    fixed, so the label keeps a fixed size that only grows: a new value repaints the label alone.
*/
class CounterLabel
{
public:
    static void setText(QLabel *label, const QString &text);
};
