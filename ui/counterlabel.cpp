#include "counterlabel.h"

#include <QtWidgets/QLabel>

#include <algorithm>

void CounterLabel::setText(QLabel *label, const QString &text)
{
    if (label->text() == text)
        return;
    label->setText(text);
    const QSize hint = label->sizeHint();
    if (hint.width() > label->minimumWidth() || hint.height() != label->minimumHeight()
        || label->minimumWidth() != label->maximumWidth())
        label->setFixedSize(std::max(hint.width(), label->minimumWidth()), hint.height());
}
