#include "programidentity.h"

#include <QtCore/QCoreApplication>

void ProgramIdentity::apply()
{
    QCoreApplication::setApplicationName(QStringLiteral("servescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SERVESCOPE_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("ServeScope"));
}
