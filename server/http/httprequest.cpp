#include "httprequest.h"

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return QByteArray();
}
