#pragma once

#include <QtCore/QString>

#include <cstdio>

/*!
    What servescope prints on its terminal: text in the locale's encoding, flushed at once
    (scripts wait for lines), and messages for people as "servescope: message".
*/
class ConsoleOutput
{
public:
    /*! Writes \a text as it is to \a stream and flushes. */
    static void print(FILE *stream, const QString &text);
    /*! Writes \a line and a newline to \a stream. */
    static void printLine(FILE *stream, const QString &line);
    /*! Writes "<application name>: \a message" and a newline to stderr. */
    static void printError(const QString &message);
};
