#include "consoleoutput.h"

#include <QtCore/QCoreApplication>

void ConsoleOutput::print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void ConsoleOutput::printLine(FILE *stream, const QString &line)
{
    print(stream, line + u'\n');
}

void ConsoleOutput::printError(const QString &message)
{
    printLine(stderr, QCoreApplication::applicationName() % QLatin1StringView(": ") % message);
}
