#pragma once

#include <QtCore/QString>

/*!
    Where the window's exports go: the folder of the last export (any kind), else Documents,
    else home, with a timestamped name, e.g. servescope-log-20261127-100000.csv.
*/
class ExportLocation
{
public:
    /*! A path for a new file named \a stem-<time>.\a suffix in the folder to start in. */
    static QString suggestedPath(const QString &stem, const QString &suffix);
    /*! Remembers the folder of \a fileName for the next export. */
    static void remember(const QString &fileName);
    /*! \a fileName, with .\a suffix added unless it has it already. */
    static QString withSuffix(const QString &fileName, const QString &suffix);
};
