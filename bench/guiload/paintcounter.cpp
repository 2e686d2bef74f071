#include "paintcounter.h"

#include <QtCore/QStringList>
#include <QtWidgets/QApplication>
#include <QtWidgets/QWidget>

#include <algorithm>

PaintCounter::PaintCounter(QObject *parent)
    : QObject(parent)
{ }

void PaintCounter::watch(QWidget *widget, const QString &name, QEvent::Type type)
{
    m_entries.append({name, widget, type, 0});
    if (!m_countingAll)
        widget->installEventFilter(this);
}

void PaintCounter::setCountingAll(bool all)
{
    if (all == m_countingAll)
        return;
    // One filter per event: the application's sees the watched widgets' events too.
    m_countingAll = all;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.widget && all)
            entry.widget->removeEventFilter(this);
        else if (entry.widget)
            entry.widget->installEventFilter(this);
    }
    if (all)
        qApp->installEventFilter(this);
    else
        qApp->removeEventFilter(this);
}

void PaintCounter::reset()
{
    for (Entry &entry : m_entries)
        entry.count = 0;
    m_allPaints.clear();
}

QList<std::pair<QString, qint64>> PaintCounter::topPainters(int limit) const
{
    QList<std::pair<QString, qint64>> counts;
    for (const Painter &painter : m_allPaints)
        counts.append({painter.path, painter.count});
    std::sort(counts.begin(), counts.end(),
              [](const auto &a, const auto &b) { return a.second > b.second; });
    if (counts.size() > limit)
        counts.resize(limit);
    return counts;
}

QString PaintCounter::pathOf(const QObject *object)
{
    // Class and object names up to the first ancestor named by ServeScope (Qt's own helpers
    // are named "qt_..."): enough to find the widget.
    QStringList path;
    for (const QObject *o = object; o; o = o->parent()) {
        const QString name = o->objectName();
        path.prepend(name.isEmpty() ? QString::fromLatin1(o->metaObject()->className()) : name);
        if (!name.isEmpty() && !name.startsWith(QLatin1StringView("qt_")))
            break;
    }
    return path.join(u'/');
}

bool PaintCounter::eventFilter(QObject *watched, QEvent *event)
{
    if (m_countingAll && event->type() == QEvent::Paint) {
        Painter &painter = m_allPaints[watched];
        if (painter.path.isEmpty())
            painter.path = pathOf(watched);
        ++painter.count;
    }
    for (Entry &entry : m_entries) {
        if (entry.widget == watched && entry.type == event->type())
            ++entry.count;
    }
    return QObject::eventFilter(watched, event);
}

#include "moc_paintcounter.cpp"
