#pragma once

#include <QtCore/QObject>

class QWidget;

/*!
    Counts the paint events a widget receives, so a test can tell a repaint that happened from
    one that was only asked for: it watches the widget through an event filter and lets every
    event through.
*/
class PaintCounter : public QObject
{
    Q_OBJECT

public:
    explicit PaintCounter(QWidget *widget);

    int count() const { return m_count; }
    void reset() { m_count = 0; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    int m_count = 0;
};
