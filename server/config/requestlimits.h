#pragma once

#include <QtCore/QtGlobal>

/*! How large a request may be before the parser refuses it; the product's documented limits. */
struct RequestLimits
{
    qsizetype maxRequestLine = 8 * 1024; //!< longer → 414
    qsizetype maxHeaderLine = 8 * 1024; //!< longer → 431
    qsizetype maxHeaderBytes = 32 * 1024; //!< all header lines together; more → 431
    int maxHeaderCount = 100; //!< more lines → 431
    qint64 maxBodyBytes = 1024 * 1024; //!< larger body → 413
};
