#include "httprequest.h"

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &field : headers) {
        // Lengths first: most names differ in length, and a case-blind compare costs more.
        if (field.first.size() == name.size()
            && QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return QByteArray();
}

qsizetype HttpRequest::footprint() const
{
    qsizetype total
        = footprintOf(method) + footprintOf(target) + footprintOf(path) + footprintOf(query);
    if (headers.capacity() > 0)
        total += headers.capacity() * qsizetype(sizeof(decltype(headers)::value_type))
            + allocationOverhead;
    for (const auto &field : headers)
        total += footprintOf(field.first) + footprintOf(field.second);
    return total;
}
