#include "exportlocation.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>

namespace {

QString directoryKey()
{
    return QStringLiteral("requestLog/exportDirectory"); // the log's exports came first
}

} // namespace

QString ExportLocation::suggestedPath(const QString &stem, const QString &suffix)
{
    // A file dialog given a folder that does not exist opens the process's working directory.
    QString directory = QSettings().value(directoryKey()).toString();
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QDir::homePath();
    return directory + QLatin1Char('/') + stem + QLatin1Char('-')
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))
        + QLatin1Char('.') + suffix;
}

void ExportLocation::remember(const QString &fileName)
{
    QSettings().setValue(directoryKey(), QFileInfo(fileName).absolutePath());
}

QString ExportLocation::withSuffix(const QString &fileName, const QString &suffix)
{
    return fileName.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive)
        ? fileName
        : fileName + QLatin1Char('.') + suffix;
}
