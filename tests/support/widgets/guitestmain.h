#pragma once

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>

/*!
    main() for a widget test: QTEST_MAIN, plus a private runtime directory when none is set.
    Qt's platform code asks for XDG_RUNTIME_DIR and warns when it is missing (fatal under
    QT_FATAL_WARNINGS); a root shell or CI has no login session that would set it.
*/
#define SERVESCOPE_GUI_TEST_MAIN(TestObject)                                                       \
    int main(int argc, char *argv[])                                                               \
    {                                                                                              \
        QTemporaryDir runtimeDir;                                                                  \
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") && runtimeDir.isValid()) {              \
            QFile::setPermissions(runtimeDir.path(),                                               \
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);         \
            qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDir.path()));                      \
        }                                                                                          \
        QApplication app(argc, argv);                                                              \
        TestObject test;                                                                           \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
